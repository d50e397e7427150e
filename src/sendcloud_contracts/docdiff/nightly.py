"""The nightly check: each vendored document against the vendor's current one, in a report of its own.

    python -m sendcloud_contracts.docdiff --fetch [--sources spec/sources.toml] [--report-dir reports/docdiff]

Each source of `spec/sources.toml` is fetched, taken out of its page, kept in `fetched/` and compared
with the vendored copy. `docdiff.md` (the job summary) and `docdiff.json` say, per document, whether it
changed, what can break a client and the commands that update the copy and record again. A document
that could not be fetched says so, and the others are still compared. Exit code: 1 if any change
can break a client, else 4 if a source or what it answered is unreadable, else 75 if a download
failed, else 0 (a changed document that breaks nobody is a finding to act on, not a failure).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendcloud_contracts import exitcodes
from sendcloud_contracts.docdiff import render, report_json
from sendcloud_contracts.docdiff.acceptances import judge, load_acceptances
from sendcloud_contracts.docdiff.documents import load_document, parse_document
from sendcloud_contracts.docdiff.rules.operations import compare_documents
from sendcloud_contracts.docdiff.sources import (
    DEFAULT_SOURCES,
    DownloadError,
    download,
    extract,
    load_sources,
)
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from datetime import date

    from sendcloud_contracts.docdiff.acceptances import Acceptance, Judgement
    from sendcloud_contracts.docdiff.sources import Source

DEFAULT_REPORTS = "reports/docdiff"
REPORT = "docdiff.md"
JSON_REPORT = "docdiff.json"


@dataclass(frozen=True)
class Result:
    source: Source
    status: str  # unchanged, changed, breaking, download-failed, unreadable
    code: int
    message: str = ""
    judgement: Judgement | None = None
    fetched: Path | None = None
    same_text: bool | None = None

    def update(self) -> list[str]:
        """The commands that make the vendored copy the vendor's document, and record again."""
        if self.fetched is None or self.status == "unchanged":
            return []
        target = self.source.file
        commands = [
            f"cp {self.fetched} {target}",
            f"sha256sum {target}  # into spec/PROVENANCE.md, with the date taken",
        ]
        return [*commands, self.source.rerecord] if self.source.rerecord else commands


def run(
    sources_path: Path | None, report_dir: Path | None, accepted: Path, today: date, *, required: bool
) -> int:
    sources_path = sources_path or Path(DEFAULT_SOURCES)
    folder = report_dir or Path(DEFAULT_REPORTS)
    # The folder holds this night's answer only: a previous night's report must not be read as it.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        sources = load_sources(sources_path)
        entries = load_acceptances(accepted, required=required)
    except ContractSuiteError as error:
        not_compared(folder, str(error))
        print(f"ERROR: {error}", file=sys.stderr)
        return exitcodes.BAD_INPUT
    results = [_check(source, folder / "fetched", entries, today) for source in sources]
    changes = [item for result in results if result.judgement for item in result.judgement.changes]
    overall = judge(changes, entries, today)
    code = _exit_code(results)
    report = _markdown(results, overall, sources_path, today, code)
    write_atomically(folder / REPORT, report)
    write_atomically(
        folder / JSON_REPORT, report_json.dumps(_json(results, overall, sources_path, today, code))
    )
    print(report, end="")
    for result in results:
        if result.code in (exitcodes.BAD_INPUT, exitcodes.INFRASTRUCTURE):
            prefix = (
                "infrastructure error, not a document change: "
                if result.code == exitcodes.INFRASTRUCTURE
                else ""
            )
            print(f"ERROR: {prefix}{result.message}", file=sys.stderr)
    return code


def not_compared(report_dir: Path | None, reason: str) -> None:
    """The night's report of a check stopped before any document was compared (exit 4)."""
    folder = report_dir or Path(DEFAULT_REPORTS)
    # No report of an earlier night stands for this one.
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    write_atomically(folder / REPORT, f"# Vendor documents: not compared (exit 4)\n\n**Why:** {reason}\n")


def interrupted(report_dir: Path | None, reason: str) -> None:
    """The night's report of a check that was interrupted: no comparison stands for it."""
    folder = report_dir or Path(DEFAULT_REPORTS)
    (folder / JSON_REPORT).unlink(missing_ok=True)
    write_atomically(
        folder / REPORT,
        f"# Vendor documents: INTERRUPTED (exit 2): not compared to the end\n\n**Why:** {reason}\n",
    )


def _check(source: Source, fetched_dir: Path, entries: list[Acceptance], today: date) -> Result:
    try:
        body = download(source.url)
    except DownloadError as error:
        return Result(source, "download-failed", exitcodes.INFRASTRUCTURE, str(error))
    try:
        text = extract(body, source)
        fetched = parse_document(text, source.url)
        vendored = load_document(source.file)
        changes = compare_documents(vendored, fetched)
    except ContractSuiteError as error:
        return Result(source, "unreadable", exitcodes.BAD_INPUT, str(error))
    copy = fetched_dir / source.file.name
    write_atomically(copy, text)
    # Acceptances that are expired or stale are said once for the night, not once per document.
    judgement = replace(judge(changes, entries, today), expired=[], stale=[])
    status = "unchanged" if not changes else "breaking" if judgement.breaking else "changed"
    code = exitcodes.BROKEN if judgement.breaking else exitcodes.HOLDS
    same = text == source.file.read_text(encoding="utf-8")
    return Result(source, status, code, judgement=judgement, fetched=copy, same_text=same)


def _exit_code(results: list[Result]) -> int:
    codes = {result.code for result in results}
    for code in (exitcodes.BROKEN, exitcodes.BAD_INPUT, exitcodes.INFRASTRUCTURE):
        if code in codes:
            return code
    return exitcodes.HOLDS


def _headline(results: list[Result], code: int) -> str:
    if code == exitcodes.BROKEN:
        count = sum(len(result.judgement.breaking) for result in results if result.judgement)
        return f"FAIL: the vendor's documents changed; {plural(count, 'change')} can break a client (exit 1)"
    if code == exitcodes.BAD_INPUT:
        return "NOT COMPARED (exit 4): a source or what it answered is unreadable"
    if code == exitcodes.INFRASTRUCTURE:
        return "NOT MEASURED (exit 75): a download failed; nothing is known about that document"
    if any(result.status == "changed" for result in results):
        return "CHANGED: the vendor's documents changed; nothing can break a client (update the copies)"
    return "PASS: the vendor's documents say what the vendored copies say"


def _verdict(result: Result) -> str:
    if result.judgement is None:
        return f"{result.status} (exit {result.code}): {render.short(result.message)}"
    if result.status == "unchanged":
        return "unchanged" if result.same_text else "unchanged in meaning (the text differs)"
    breaking = len(result.judgement.breaking)
    return f"changed: {plural(breaking, 'breaking change')}, {len(result.judgement.changes) - breaking} other"


def _markdown(results: list[Result], overall: Judgement, sources: Path, today: date, code: int) -> str:
    lines = [f"# Vendor documents: {_headline(results, code)}", "", f"- Date: {today.isoformat()}"]
    lines += [f"- Sources: `{sources}`", "", "| document | source | verdict |", "|---|---|---|"]
    for result in results:
        lines.append(f"| `{result.source.file}` | {result.source.url} | {_verdict(result)} |")
    for result in results:
        if result.judgement is None or result.status == "unchanged":
            continue
        judged = render.markdown(result.judgement, str(result.source.file), result.source.url, level=2)
        lines += [
            "",
            judged.rstrip("\n"),
            "",
            "**What to do:** the suite still tests the vendored copy. Update it:",
        ]
        lines += ["", "```console", *result.update(), "```"]
        if not result.source.rerecord:
            lines += ["", "No recordings depend on this document yet."]
    notes = [f"- EXPIRED, its change counts again: {entry}" for entry in overall.expired]
    notes += [f"- STALE, no change has its fingerprint: {entry}" for entry in overall.stale]
    if notes:
        lines += ["", "## Acceptances to look at", "", *notes]
    return "\n".join(lines) + "\n"


def _json(results: list[Result], overall: Judgement, sources: Path, today: date, code: int) -> dict[str, Any]:
    documents = []
    for result in results:
        comparison = None
        if result.judgement is not None:
            own = exitcodes.BROKEN if result.judgement.breaking else exitcodes.HOLDS
            comparison = report_json.comparison(
                result.judgement, str(result.source.file), result.source.url, own
            )
        documents.append(
            {
                "file": str(result.source.file),
                "url": result.source.url,
                "status": result.status,
                "message": result.message or None,
                "same_text": result.same_text,
                "fetched": None if result.fetched is None else str(result.fetched),
                "update": result.update(),
                "comparison": comparison,
            }
        )
    outcome = {
        exitcodes.BROKEN: "breaking",
        exitcodes.BAD_INPUT: "not-compared",
        exitcodes.INFRASTRUCTURE: "not-measured",
    }
    changed = any(result.status == "changed" for result in results)
    return {
        "format": report_json.NIGHT_FORMAT,
        "date": today.isoformat(),
        "sources": str(sources),
        "verdict": outcome.get(code, "changed" if changed else "unchanged"),
        "exit_code": code,
        "documents": documents,
        "acceptances": report_json.comparison(overall, "", "", code)["acceptances"],
    }
