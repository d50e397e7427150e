"""The rule ids a finding carries: the contract's (reads and writes), hygiene's, the document check's."""

from __future__ import annotations

from sendcloud_contracts.docdiff.rules.registry import RULES as DOCDIFF_RULES
from sendcloud_contracts.reference.markdown import code, page, table
from sendcloud_contracts.reports.render import PAGE_FILE
from sendcloud_contracts.reports.run_folder import SUMMARY_FILE
from sendcloud_contracts.rules.deviations import RULES as ACCEPTABLE
from sendcloud_contracts.rules.hygiene import HYGIENE_BUILTIN_CHECKS, STRICT_OPTION
from sendcloud_contracts.rules.hygiene_findings import DOCUMENT_CHECK
from sendcloud_contracts.rules.ids import READ, RULE_IDS, WRITE
from sendcloud_contracts.rules.schemathesis_checks import REPLACED_BUILTIN_CHECKS

# What each hygiene check reports: a warning, a failure only with --strict-hygiene.
HYGIENE = {
    "unsupported_method": "the status chosen for methods nobody documented, `OPTIONS` answered 200 included",
    "allow_header_conformance": "`Allow` lists methods beyond the document (`PUT` on the real API)",
    "not_a_server_error": "a 5xx to a method nobody documented (a 5xx to a documented one fails the run)",
    DOCUMENT_CHECK: "a response example of the document that breaks its own schema: a warning about the "
    "document, not the API",
}


def rules_page() -> str:
    def rows(contract: str) -> list[tuple[str, str, str, str]]:
        return [
            (code(rule.id), rule.versions, rule.demands, "yes" if rule.id in ACCEPTABLE else "")
            for rule in RULE_IDS
            if rule.contract == contract
        ]

    replaced = ", ".join(code(name) for name in REPLACED_BUILTIN_CHECKS)
    return page(
        "Rule ids",
        "`src/sendcloud_contracts/rules/ids.py` and `rules/hygiene.py`",
        "A failure reads `[rule] field: Received: ... / Documented: ...`, in the terminal, JUnit, "
        f"`{SUMMARY_FILE}` and `{PAGE_FILE}`, followed by a curl line that sends the request again. The rule "
        "is one of these. Schemathesis' own checks keep their names (`[ST105 Undocumented "
        f"Content-Type]`); the suite replaces {replaced} and `ignored_auth` with its own rules.",
        "## Read contract",
        "Every read run (replay, record, live) judges each answer by these. The last column says which a "
        "team may accept in `deviations.toml`, as a warning until a date.",
        table(("rule", "API", "what it demands", "accepted in `deviations.toml`"), rows(READ)),
        "## Write contract",
        "Write runs (`--writes`) judge what the API holds after each write; each answer to a write is also "
        "held to the read contract.",
        table(("rule", "API", "what it demands", "accepted in `deviations.toml`"), rows(WRITE)),
        "## Hygiene",
        "What the server says about itself that no client of the documented operations relies on: "
        f"warnings, never exit 1, unless the run is given `{STRICT_OPTION}`.",
        table(
            ("check", "what it reports"),
            [(code(name), HYGIENE[name]) for name in (*HYGIENE_BUILTIN_CHECKS, DOCUMENT_CHECK)],
        ),
    )


def docdiff_rules_page() -> str:
    rows = [
        (code(rule.id), "yes" if rule.breaking else "no", rule.meaning, rule.oasdiff or "—")
        for rule in DOCDIFF_RULES.values()
    ]
    breaking = sum(1 for rule in DOCDIFF_RULES.values() if rule.breaking)
    return page(
        "Document check rule ids",
        "`src/sendcloud_contracts/docdiff/rules/registry.py`",
        f"`python3 -m tox -e docdiff` reports each change with one of these {len(DOCDIFF_RULES)} rule ids, "
        f"{breaking} of them breaking a client; `python3 -m tox -e docdiff -- --rules` prints the same "
        "list. The ids are oasdiff's where they mean the same change (the last column: `—` where oasdiff "
        "has none).",
        table(("rule", "breaking", "what changed, as a client meets it", "oasdiff"), rows),
    )
