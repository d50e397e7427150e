"""Runs as data, for the pages' tests: a green night, a red one with a secret in its answer, a stopped one,
and a busy night of the complete document, green or red, to lay out.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sendcloud_contracts.http.traffic import Traffic
from sendcloud_contracts.pytest_plugin.seeding import Generation
from sendcloud_contracts.pytest_plugin.selection import Selection
from sendcloud_contracts.redaction import Secrets
from sendcloud_contracts.reports.matrix import documented_reads
from sendcloud_contracts.reports.outcome import Outcome, decide
from sendcloud_contracts.reports.summary import RunSummary
from sendcloud_contracts.rules.contract_run import ContractRun
from sendcloud_contracts.rules.coverage import ContractCoverage
from sendcloud_contracts.rules.deviations import Deviation, DeviationLedger
from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.failures import Finding
from sendcloud_contracts.rules.hygiene_findings import HygieneFinding
from sendcloud_contracts.rules.model import Violation
from sendcloud_contracts.rules.tally import FAILED, PASSED
from sendcloud_contracts.spec import load_spec

from ..conftest import COMPLETE_SPEC

if TYPE_CHECKING:
    from sendcloud_contracts.rules.model import Exchange

SPEC = load_spec(COMPLETE_SPEC)
BASE_URL = "https://panel.sendcloud.sc/api/v2"
SECRET_KEY = "sk-b84d0e6f29a1c375"
PUBLIC_KEY = "pk-7f3a9c2e51d84b06"
CURL = 'curl -X GET -u "$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY" ' + BASE_URL + "/integrations/4711"
DOCUMENT = "spec/sendcloud-v2-integrations-openapi.yml"
# The history key of the sample runs: one kind of run, compared night after night.
KEY = f"live · {DOCUMENT} · API v2 · key 0123456789ab"


def secrets() -> Secrets:
    known = Secrets()
    known.add_key_pair(PUBLIC_KEY, SECRET_KEY)
    return known


def answer(body: dict[str, object] | bytes, *, status: int = 200, integration: int = 4711) -> Exchange:
    """GET /integrations/{id} as the client saw it, sent with the run's own credentials."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return exchange(
        method="GET",
        url=f"{BASE_URL}/integrations/{integration}",
        status=status,
        content_type="application/json",
        body=raw,
        operation_path="/integrations/{id}",
        path_parameters={"id": str(integration)},
        headers={"Content-Type": "application/json", "Set-Cookie": "sessionid=abcdef123456"},
        request_headers={"Authorization": "Basic c2VjcmV0OnNlY3JldA==", "User-Agent": "python-requests"},
    )


def contract_run() -> ContractRun:
    run = ContractRun(
        spec=SPEC, deviations=DeviationLedger([]), coverage=ContractCoverage(SPEC), auth_mode="basic"
    )
    run.hygiene.clear()
    return run


def summary(run: ContractRun | None, exit_status: int = 0, **facts: object) -> RunSummary:
    stopped = facts.pop("stopped", None)
    outcome = Outcome.stopped(str(stopped), exit_status) if stopped is not None else decide(exit_status)
    values: dict[str, object] = {
        "mode": "live",
        "outcome": outcome,
        "document": DOCUMENT,
        "started": datetime(2026, 11, 27, 3, 17, 40, tzinfo=UTC),
        "seconds": 8.3,
        "base_url": BASE_URL,
        "auth": "basic",
        "integration_ids": (123, 4711),
        "traffic": Traffic(requests=52),
        "generation": Generation(25, seed=2718281828),
        "findings": list(run.failures) if run else [],
        "hygiene": list(run.hygiene) if run else [],
        "coverage": run.coverage if run else None,
        "deviations": run.deviations if run else None,
    }
    values.update(facts)
    return RunSummary(**values)  # type: ignore[arg-type]


def green() -> tuple[RunSummary, ContractRun]:
    run = contract_run()
    good = answer({"id": 4711, "shop_name": "Kaffeerösterei Müller", "system": "api"})
    run.coverage.observe(good)
    run.tally.judged(good, [], [])
    run.hygiene.append(
        HygieneFinding("unsupported_method", "OPTIONS /api/v2/integrations/4711", "answered 200")
    )
    return summary(run), run


def red(body: dict[str, object] | bytes | None = None) -> tuple[RunSummary, ContractRun]:
    """`system` missing from the answer for 4711, whose body also carries the secret key."""
    run = contract_run()
    broken = answer(body if body is not None else {"id": 4711, "shop_name": f"leaked {SECRET_KEY}"})
    missing = Violation("response_schema", "system", "(absent)", '"system" is a required property')
    run.tally.judged(broken, [missing], [missing])
    run.failures.append(Finding("GET /api/v2/integrations/4711", missing, CURL, broken))
    return summary(run, 1), run


def every_section() -> tuple[RunSummary, ContractRun]:
    """A red run with something in every section summary.md has: notes, warnings, deviations, others."""
    _red, run = red()
    accepted = Deviation("timestamp", "last_fetch", "the API team fixes it in Q1", date(2027, 3, 31))
    run.deviations = DeviationLedger([accepted], today=date(2026, 11, 27))
    run.deviations.occurrences[accepted] += 1
    run.hygiene += [
        HygieneFinding(
            "status_code_conformance",
            "GET /api/v2/integrations/4711/shipments",
            "Received: 400",
            ("Documented: 200, 404", "(the request's query is invalid on purpose)"),
        ),
        HygieneFinding(
            "sorting", "GET /api/v2/integrations?ordering=-last_fetch", "out of order", kind="unconfirmed"
        ),
    ]
    facts: dict[str, object] = {
        "notes": ["API v3 and API v2 agree: 4 integrations and both lists, field by field"],
        "warnings": ["SENDCLOUD_MAX_PAGE is not a variable the suite reads (SENDCLOUD_MAX_PAGES?)"],
        "other_failures": [("contracts/test_known_ids.py::test_existing_integration[5]", "ReadTimeout")],
        "selection": Selection(selected=308, of=308, on_purpose=2),
        "failed_tests": 2,
    }
    return summary(run, 1, **facts), run


# A night of the complete v2 document has these rules' checks on its reads, and these hygiene checks
# warn on its probes; the busy night has them all, and as many checks as a replay of cassettes/.
BUSY_RULES = (
    "response_schema",
    "timestamp",
    "error_envelope",
    "requested_integration",
    "pagination",
    "authentication",
    "consistency",
    "filter",
    "known_integration",
)
BUSY_HYGIENE = ("allow_header_conformance", "negative_data_rejection", "status_code_conformance")
PROBES = ("OPTIONS", "QUERY", "TRACE")


def busy(*, broken: bool) -> tuple[RunSummary, ContractRun]:
    """Every read and every probe of the complete v2 document checked by every rule; `broken`: two rules
    failing on two reads, as a night where `system` went missing and a timestamp lost its offset."""
    run = contract_run()
    reads = documented_reads(SPEC)
    for index, read in enumerate(reads):
        path = read.removeprefix("GET ")
        for rule in BUSY_RULES:
            run.tally.counts[read, rule][PASSED] += 120 + 41 * index
        for method in PROBES:
            for rule in BUSY_RULES[:3]:
                run.tally.count(f"{method} {path}", rule, PASSED)
        probe = f"OPTIONS /api/v2{path.replace('{id}', '4711')}"
        run.hygiene += [HygieneFinding(check, probe, "answered 200") for check in BUSY_HYGIENE]
        run.hygiene.append(HygieneFinding("unsupported_method", probe, "OPTIONS answered 200"))
    if broken:
        missing = Violation("response_schema", "system", "(absent)", '"system" is a required property')
        offset = Violation(
            "timestamp",
            "last_updated_at",
            '"2022-11-02T09:15:00.000001"',
            "RFC 3339 date-time with an offset (Z or +hh:mm), e.g. 2020-06-03T13:27:58.636020+02:00",
        )
        for read in reads[:2]:
            for violation in (missing, offset):
                counts = run.tally.counts[read, violation.rule]
                counts[PASSED], counts[FAILED] = counts[PASSED] - 30, 30
                seen = exchange(
                    method="GET",
                    url=f"{BASE_URL}{read.removeprefix('GET ')}",
                    status=200,
                    content_type="application/json",
                    body=b"{}",
                    operation_path=read.removeprefix("GET "),
                    path_parameters={},
                )
                run.failures.append(Finding(f"GET {seen.path}", violation, CURL, seen))
    return summary(run, 1 if broken else 0), run


def stopped() -> RunSummary:
    reason = (
        "infrastructure error: GET https://panel.sendcloud.sc/api/v2/integrations/4711 timed out after 10 s"
    )
    return summary(None, 75, stopped=reason, traffic=Traffic(requests=1))
