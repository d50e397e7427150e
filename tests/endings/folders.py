"""What a run leaves behind, checked against the ending it must state: each kind of report folder.

Every check starts from an earlier run's reports planted in the folder, a PASS, so that a file the
run forgot to write is caught as the earlier verdict still standing. The expected words are spelt
out here, never taken from the code under test.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

# What a contract run that did not finish says after `# Sendcloud contract: `.
UNFINISHED = {
    "stopped": "STOPPED (exit {code}): the run ended early; nothing is known about the contract",
    "interrupted": "INTERRUPTED (exit 2): the run was interrupted; nothing is known about the contract",
    "crashed": (
        "CRASHED (exit 3): the run crashed: a fault of the suite or its tools, not of the API; "
        "nothing is known about the contract"
    ),
}
# What pre-release's verdict starts with, after `# Pre-release verification: `.
VERIFICATION = {
    "pass": "PASS: ",
    "fail": "FAIL: ",
    "stopped": "ERROR: ",
    "interrupted": "INTERRUPTED",
    "crashed": "CRASHED",
}
# A verdict word of a finished run, as a report would state it.
VERDICT_WORDS = re.compile(r"\b(PASS|FAIL)\b")
EARLIER = "PASS: an earlier run's verdict, planted by the test"


@dataclass(frozen=True)
class Expect:
    """One folder a run reports into, and how that run must have ended."""

    kind: str
    path: Path
    ending: str
    exit_code: int
    reason: str = ""

    @property
    def finished(self) -> bool:
        return self.ending in ("pass", "fail")


def plant(expect: Expect) -> None:
    """An earlier run's green reports where this run is to write its own."""
    folder = expect.path
    folder.mkdir(parents=True, exist_ok=True)
    title = {"contract": "Sendcloud contract", "prerelease": "Pre-release verification"}.get(expect.kind)
    if title is not None:
        (folder / "summary.md").write_text(f"# {title}: {EARLIER}\n")
        (folder / "run.json").write_text(json.dumps({"verdict": "pass", "exit_status": 0, "stopped": None}))
        (folder / "report.html").write_text(f'<h1 id="verdict">{title}: {EARLIER}</h1>\n')
    if expect.kind == "contract":
        (folder / "junit.xml").write_text(
            '<testsuites><testsuite tests="7" failures="0" errors="0"/></testsuites>'
        )
        (folder / "contract-coverage.md").write_text("# Contract coverage\n")
    elif expect.kind == "drift":
        (folder / "drift.md").write_text(f"# API drift: {EARLIER}\n")
        (folder / "report.html").write_text(f'<h1 id="verdict">API drift: {EARLIER}</h1>\n')
    elif expect.kind == "comparison":
        (folder / "docdiff.md").write_text(f"# Document changes: {EARLIER}\n")
        (folder / "docdiff.json").write_text(json.dumps({"verdict": "unchanged", "exit_code": 0}))
    elif expect.kind == "night":
        (folder / "docdiff.md").write_text(f"# Vendor documents: {EARLIER}\n")
        (folder / "docdiff.json").write_text(json.dumps({"verdict": "unchanged", "exit_code": 0}))


def headline(page: Path) -> str:
    match = re.search(r'<h1 id="verdict">(.*?)</h1>', page.read_text(encoding="utf-8"), re.DOTALL)
    assert match is not None, f"{page} has no verdict heading"
    return html.unescape(match.group(1))


def _unfinished_says_so(expect: Expect, *texts: str) -> None:
    if expect.finished:
        return
    for text in texts:
        assert not VERDICT_WORDS.search(text), f"a run that did not finish says PASS or FAIL:\n{text}"


def check(expect: Expect) -> None:
    checks = {
        "contract": check_contract,
        "prerelease": check_verification,
        "drift": check_drift,
        "night": check_night,
        "comparison": check_comparison,
    }
    checks[expect.kind](expect)


def check_contract(expect: Expect) -> None:
    """summary.md, run.json, junit.xml, report.html and coverage of one contract run."""
    folder = expect.path
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    first = summary.splitlines()[0]
    outcome = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert (outcome["verdict"], outcome["exit_status"]) == (expect.ending, expect.exit_code), outcome
    if expect.finished:
        assert first.startswith(f"# Sendcloud contract: {expect.ending.upper()}"), first
        assert outcome["stopped"] is None
        assert (outcome["failures"] > 0) is (expect.ending == "fail"), outcome
        assert (folder / "contract-coverage.md").read_text() != "# Contract coverage\n"
    else:
        assert first == "# Sendcloud contract: " + UNFINISHED[expect.ending].format(code=expect.exit_code)
        assert expect.reason in outcome["stopped"], (expect.reason, outcome["stopped"])
        assert outcome["failures"] is None
        # What a run saw before it was cut short is no verdict: it lists no failure anywhere.
        assert "## Failures" not in summary
        assert not (folder / "contract-coverage.md").exists()
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert headline(folder / "report.html") == first.removeprefix("# ")
    assert ('class="failure"' in page) is (expect.ending == "fail")
    _check_junit(expect, folder / "junit.xml")
    _unfinished_says_so(expect, summary, page, json.dumps(outcome))


def _check_junit(expect: Expect, path: Path) -> None:
    suites = ElementTree.parse(path).getroot()
    cases = list(suites.iter("testcase"))
    failures = [case for case in cases if case.find("failure") is not None]
    run_cases = [case for case in cases if (case.get("classname"), case.get("name")) == ("contracts", "run")]
    if expect.finished:
        # pytest's own file, counting the run's tests.
        assert len(cases) > 1
        assert not run_cases
        assert bool(failures) is (expect.ending == "fail")
        return
    # One errored case for the whole run: dashboards count it as an error, never as the API's failure.
    assert [case.get("name") for case in cases] == ["run"], ElementTree.tostring(suites, encoding="unicode")
    assert run_cases[0].find("error") is not None
    assert not failures
    assert {suite.get("failures") for suite in suites.iter("testsuite")} == {"0"}


def check_verification(expect: Expect) -> None:
    """A pre-release verification's own summary.md (its table), run.json and report.html."""
    folder = expect.path
    first = (folder / "summary.md").read_text(encoding="utf-8").splitlines()[0]
    starts = VERIFICATION[expect.ending]
    # Stopped before any run (its own command line, its profiles) or by its runs' setup mistakes.
    stopped = expect.ending == "stopped" and first.startswith("# Pre-release verification: STOPPED (exit 4)")
    assert stopped or first.startswith("# Pre-release verification: " + starts), first
    assert f"(exit {expect.exit_code})" in first, first
    outcome = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert (outcome["verdict"], outcome["exit_status"]) == (expect.ending, expect.exit_code), outcome
    assert expect.reason in (outcome["stopped"] or ""), outcome
    assert headline(folder / "report.html") == first.removeprefix("# ")
    _unfinished_says_so(expect, first, headline(folder / "report.html"))


def check_drift(expect: Expect) -> None:
    folder = expect.path
    first = (folder / "drift.md").read_text(encoding="utf-8").splitlines()[0]
    page = headline(folder / "report.html")
    if expect.finished:
        assert first.startswith("# API drift: `"), first
        assert ("no drift" in page) is (expect.ending == "pass"), page
    else:
        word = expect.ending.upper()
        assert first == f"# API drift: not measured: {word} (exit {expect.exit_code})", first
        assert page == first.removeprefix("# ")
    _unfinished_says_so(expect, first, page)


def check_comparison(expect: Expect) -> None:
    """docdiff OLD NEW's --markdown and --json: this comparison's, or none at all."""
    markdown, data = expect.path / "docdiff.md", expect.path / "docdiff.json"
    if not expect.finished:
        assert not markdown.exists(), markdown.read_text()
        assert not data.exists(), data.read_text()
        return
    first = markdown.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# Document changes: " + expect.ending.upper()), first
    assert json.loads(data.read_text(encoding="utf-8"))["exit_code"] == expect.exit_code


def check_night(expect: Expect) -> None:
    """docdiff's night: docdiff.md, and docdiff.json for a night that compared every document."""
    folder = expect.path
    if expect.ending == "crashed":
        # Its folder was emptied before it began: no earlier night stands, and nothing claims a verdict.
        assert sorted(path.name for path in folder.iterdir()) == [], list(folder.iterdir())
        return
    report = (folder / "docdiff.md").read_text(encoding="utf-8")
    first = report.splitlines()[0]
    data: dict[str, Any] = (
        json.loads((folder / "docdiff.json").read_text()) if (folder / "docdiff.json").exists() else {}
    )
    if expect.finished:
        assert first.startswith("# Vendor documents: " + expect.ending.upper()), first
        assert data["exit_code"] == expect.exit_code
    else:
        assert f"(exit {expect.exit_code})" in first, first
        assert (expect.ending == "interrupted") is ("INTERRUPTED" in first), first
        assert expect.reason in report, report
        # A night that compared a document says so in its JSON; one cut short or refused leaves none.
        assert data.get("exit_code", expect.exit_code) == expect.exit_code
        assert data.get("verdict") not in ("unchanged", "changed", "breaking"), data
    _unfinished_says_so(expect, report)


def history(root: Path) -> list[dict[str, Any]]:
    """Every run the histories under `root` keep, each with its key."""
    runs = []
    for path in sorted(root.rglob("history/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        runs += [{**run, "key": data["key"]} for run in data["runs"]]
    return runs
