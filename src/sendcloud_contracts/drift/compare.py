"""How the API's answers changed between two recordings, per operation, status, field and header.

python -m sendcloud_contracts.drift OLD_DIR NEW_DIR [--output FILE]

Both folders hold vcrpy cassettes (`*.yaml`). Exit codes: 0 when nothing drifted or answers only
gained something (`ADDITIONS`), 1 when a change could break a client, 4 when an input cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.defaults import DEFAULT_SPEC, tox_command
from sendcloud_contracts.drift.changes import Change, drifted
from sendcloud_contracts.drift.markdown import render
from sendcloud_contracts.drift.shapes import Answer, Documented, Observed, StatusShape, observe
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.files import write_atomically
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.recordings.cassettes import MALFORMED, UNREADABLE, load_interactions
from sendcloud_contracts.spec import Spec, load_spec

if TYPE_CHECKING:
    from collections.abc import Iterator

EXIT_SAME = 0
EXIT_DRIFT = 1
EXIT_UNREADABLE = exitcodes.BAD_INPUT


class DriftInputError(ContractSuiteError):
    """A cassette folder or file cannot be read as vcrpy recordings."""


class Operations:
    """Maps a recorded URL to the spec's path template, so `/integrations/123` is `/integrations/{id}`."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.base_path = urlsplit(spec.server_url).path.rstrip("/")

    def operation(self, method: str, url: str, base_path: str | None = None) -> str:
        path = urlsplit(url).path
        prefix = self.base_path if base_path is None else base_path
        if prefix and path.startswith(prefix + "/"):
            found = self.spec.operation_for(path, prefix)
            if found is not None:
                return f"{method.upper()} {found[0]}"
        # Outside the spec, e.g. the OAuth2 token endpoint: report it under its own path.
        return f"{method.upper()} {path}"


def load_answers(folder: Path, operations: Operations) -> list[Answer]:
    """Every response in the folder's cassettes, with bodies decoded as a client would."""
    if not folder.is_dir():
        raise DriftInputError(f"{folder} is not a folder: expected a folder of vcrpy cassettes (*.yaml)")
    cassettes = sorted(folder.glob("*.yaml"))
    if not cassettes:
        raise DriftInputError(
            f"no cassettes (*.yaml) in {folder}: record some first, e.g. "
            f"`{tox_command('record', f'--cassette-dir {folder}')}`"
        )
    base_path = _recorded_base_path(folder)
    answers: list[Answer] = []
    for cassette in cassettes:
        answers.extend(_read_cassette(cassette, operations, base_path))
    return answers


def _recorded_base_path(folder: Path) -> str | None:
    """The base path the folder was recorded with, if it says; otherwise the spec's is assumed."""
    if not (folder / vcr_setup.METADATA_FILE).exists():
        return None
    try:
        metadata = vcr_setup.read_metadata(folder)
    except ContractSuiteError as error:
        raise DriftInputError(str(error)) from None
    return urlsplit(metadata.base_url).path.rstrip("/")


def _read_cassette(path: Path, operations: Operations, base_path: str | None) -> Iterator[Answer]:
    try:
        for request, response in load_interactions(path):
            yield Answer(
                operation=operations.operation(request.method, request.uri, base_path),
                status=int(response["status"]["code"]),
                headers=frozenset(response.get("headers") or {}),
                body=_as_bytes(response.get("body", {}).get("string")),
            )
    except UNREADABLE as error:
        raise DriftInputError(f"{path}: cannot read the cassette ({error})") from None
    except MALFORMED as error:
        detail = f"no key {error}" if isinstance(error, KeyError) else " ".join(str(error).split())
        raise DriftInputError(
            f"{path}: not a vcrpy cassette ({detail}); expected `interactions:` of request/response pairs"
        ) from None


def _as_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    return bytes(body)


def compare(old: Observed, new: Observed) -> list[Change]:
    changes: list[Change] = []
    for operation in sorted(old.keys() | new.keys()):
        before, after = old.get(operation, {}), new.get(operation, {})
        for status in sorted(before.keys() | after.keys()):
            if status not in after:
                changes.append(Change(operation, status, "status vanished"))
            elif status not in before:
                changes.append(Change(operation, status, "status appeared"))
            else:
                changes.extend(_compare_shapes(operation, status, before[status], after[status]))
    return changes


def _compare_shapes(operation: str, status: int, before: StatusShape, after: StatusShape) -> Iterator[Change]:
    for path in sorted(before.fields.keys() | after.fields.keys()):
        if path not in after.fields:
            yield Change(operation, status, "field removed", path, _types(before.fields[path]))
        elif path not in before.fields:
            yield Change(operation, status, "field added", path, after=_types(after.fields[path]))
        else:
            yield from _compare_field(operation, status, path, before.fields[path], after.fields[path])
    for name in sorted(before.headers.keys() - after.headers.keys()):
        yield Change(operation, status, "header vanished", before.headers[name])
    for name in sorted(after.headers.keys() - before.headers.keys()):
        yield Change(operation, status, "header appeared", after.headers[name])


def _compare_field(operation: str, status: int, path: str, old: set[str], new: set[str]) -> Iterator[Change]:
    old_types, new_types = _non_null(old), _non_null(new)
    if old_types != new_types:
        yield Change(operation, status, "type changed", path, _types(old_types), _types(new_types))
    if ("null" in old) != ("null" in new):
        kind = "became nullable" if "null" in new else "no longer null"
        yield Change(operation, status, kind, path, _nullability(old), _nullability(new))


def _non_null(types: set[str]) -> set[str]:
    kept = types - {"null"}
    # 1 and 1.5 are both JSON numbers; only a field that never had a fraction counts as integer.
    return kept - {"integer"} if "number" in kept else kept


def _types(types: set[str]) -> str:
    return " or ".join(sorted(types)) or "only null"


def _nullability(types: set[str]) -> str:
    return "null seen" if "null" in types else "never null"


def compared_operations(spec: Spec, *folders: Path) -> list[str]:
    """The operations recorded in any of the folders, as `METHOD /path template`."""
    operations = Operations(spec)
    return sorted({answer.operation for folder in folders for answer in load_answers(folder, operations)})


def drift(old_dir: Path, new_dir: Path, spec: Spec) -> list[Change]:
    operations = Operations(spec)
    documented = documented_by(spec)
    old, new = (observe(load_answers(folder, operations), documented) for folder in (old_dir, new_dir))
    return compare(old, new)


def documented_by(spec: Spec) -> Documented:
    """The spec's response schemas, found by the operation names drift gives answers."""

    def schema_for(operation: str, status: int) -> dict[str, Any] | None:
        method, _, path = operation.partition(" ")
        return spec.response_schema(path, method, status)

    return Documented(schema_for, spec.merged)


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.drift",
        description="Report how the API's answers drifted between two folders of vcrpy cassettes.",
    )
    parser.add_argument("old_dir", type=Path, help="the reference recordings, e.g. cassettes")
    parser.add_argument("new_dir", type=Path, help="the fresh recordings")
    parser.add_argument("--spec", type=Path, default=Path(DEFAULT_SPEC), help=f"default: {DEFAULT_SPEC}")
    parser.add_argument("--output", type=Path, help="also write the Markdown report to this file")
    args = parser.parse_args(argv)
    try:
        spec = load_spec(args.spec)
        changes = drift(args.old_dir, args.new_dir, spec)
        compared = compared_operations(spec, args.old_dir, args.new_dir)
    except ContractSuiteError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    report = render(changes, str(args.old_dir), str(args.new_dir), compared)
    print(report, end="")
    if args.output is not None:
        write_atomically(args.output, report)
    return EXIT_DRIFT if drifted(changes) else EXIT_SAME
