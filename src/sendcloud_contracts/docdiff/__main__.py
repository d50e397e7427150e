"""`python -m sendcloud_contracts.docdiff OLD NEW`: what changed between two documents, for a client.

    python -m sendcloud_contracts.docdiff OLD NEW [--format text|markdown|json] [--markdown F] [--json F]
    python -m sendcloud_contracts.docdiff --fetch [--sources spec/sources.toml] [--report-dir reports/docdiff]
    python -m sendcloud_contracts.docdiff --rules

Exit codes: 0 nothing can break a client, 1 something can, 4 a file is not a readable OpenAPI
document (or the arguments, sources or acceptances are wrong), 75 (`--fetch`) a download failed,
2 interrupted (Ctrl-C, SIGTERM). The files `--markdown` and `--json` name hold this comparison or
nothing: a comparison that does not finish leaves none of an earlier one. `--fetch` says in its
report why it did not finish (interrupted, or its command line refused).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.docdiff import nightly, render, report_json
from sendcloud_contracts.docdiff.acceptances import DEFAULT_ACCEPTANCES, Judgement, judge, load_acceptances
from sendcloud_contracts.docdiff.documents import load_document
from sendcloud_contracts.docdiff.rules.operations import compare_documents
from sendcloud_contracts.docdiff.rules.registry import RULES
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.interruption import Interruption

if TYPE_CHECKING:
    import argparse

FORMATS = ("text", "markdown", "json")


def compare_files(old: Path, new: Path, accepted: Path, today: date, *, required: bool = False) -> Judgement:
    """Both documents read, compared, and the changes judged against the acceptances."""
    changes = compare_documents(load_document(old), load_document(new))
    return judge(changes, load_acceptances(accepted, required=required), today)


def exit_code(judgement: Judgement) -> int:
    return exitcodes.BROKEN if judgement.breaking else exitcodes.HOLDS


def rules_table() -> str:
    lines = ["| rule | breaking | what changed | oasdiff |", "|---|---|---|---|"]
    for rule in RULES.values():
        oasdiff = f"`{rule.oasdiff}`" if rule.oasdiff else "—"
        lines.append(f"| `{rule.id}` | {'yes' if rule.breaking else 'no'} | {rule.meaning} | {oasdiff} |")
    return "\n".join(lines) + "\n"


def _parser(arguments: list[str]) -> cli.ArgumentParser:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.docdiff",
        description="The changes between two OpenAPI 3.0/3.1 documents, and which can break a client.",
        refused=lambda reason: _refused(arguments, reason),
    )
    parser.add_argument("old", nargs="?", type=Path, help="the document the client was written against")
    parser.add_argument("new", nargs="?", type=Path, help="the document as it is now")
    parser.add_argument("--format", choices=FORMATS, default="text", help="what to print (default: text)")
    parser.add_argument("--markdown", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--json", type=Path, help="also write the JSON report to this file")
    parser.add_argument(
        "--accepted",
        type=Path,
        help=f"breaking changes accepted on purpose (default: {DEFAULT_ACCEPTANCES}, if it exists)",
    )
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="compare each vendored document with its public source instead (the nightly check)",
    )
    parser.add_argument("--sources", type=Path, help="with --fetch: where the documents come from")
    parser.add_argument("--report-dir", type=Path, help="with --fetch: the folder of the night's report")
    parser.add_argument("--rules", action="store_true", help="print every rule id and exit")
    return parser


def main(argv: list[str] | None = None, today: date | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    parser = _parser(arguments)
    args = parser.parse_args(arguments)
    _forget_earlier(args.markdown, args.json)
    with Interruption(stops=True) as interruption:
        try:
            return _run(parser, args, today)
        except KeyboardInterrupt:
            reason = f"interrupted by {interruption.signal or 'SIGINT'}"
            if args.fetch:
                nightly.interrupted(args.report_dir, reason)
            print(f"INTERRUPTED (exit 2): {reason}; nothing was compared to the end", file=sys.stderr)
            return exitcodes.INTERRUPTED


def _forget_earlier(*files: Path | None) -> None:
    """An earlier comparison's files never stand for this one, whether or not it finishes."""
    for path in files:
        if path is not None:
            path.unlink(missing_ok=True)


def _refused(arguments: list[str], reason: str) -> None:
    markdown, json = (cli.option_value(arguments, option) for option in ("--markdown", "--json"))
    _forget_earlier(*(Path(path) for path in (markdown, json) if path))
    if "--fetch" in arguments:
        folder = cli.option_value(arguments, "--report-dir")
        nightly.not_compared(Path(folder) if folder else None, reason)


def _run(parser: cli.ArgumentParser, args: argparse.Namespace, today: date | None) -> int:
    today = today or date.today()
    accepted = args.accepted or Path(DEFAULT_ACCEPTANCES)
    if args.rules:
        print(rules_table(), end="")
        return exitcodes.HOLDS
    if args.fetch:
        if args.old or args.new:
            parser.error("--fetch compares the vendored documents with their sources: give no OLD NEW")
        if args.markdown or args.json or args.format != "text":
            parser.error(
                "--fetch writes docdiff.md and docdiff.json into --report-dir: "
                "drop --format, --markdown, --json"
            )
        return nightly.run(args.sources, args.report_dir, accepted, today, required=args.accepted is not None)
    if args.old is None or args.new is None:
        parser.error("give the two documents to compare: OLD NEW (or --fetch)")
    if args.sources or args.report_dir:
        parser.error("--sources and --report-dir go with --fetch")
    try:
        judgement = compare_files(args.old, args.new, accepted, today, required=args.accepted is not None)
    except ContractSuiteError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return exitcodes.BAD_INPUT
    code = exit_code(judgement)
    old, new = str(args.old), str(args.new)
    reports = {
        "text": lambda: render.text(judgement, old, new),
        "markdown": lambda: render.markdown(judgement, old, new),
        "json": lambda: report_json.dumps(report_json.comparison(judgement, old, new, code)),
    }
    print(reports[args.format](), end="")
    if args.markdown is not None:
        write_atomically(args.markdown, reports["markdown"]())
    if args.json is not None:
        write_atomically(args.json, reports["json"]())
    return code


if __name__ == "__main__":
    cli.run_command(main, "python -m sendcloud_contracts.docdiff")
