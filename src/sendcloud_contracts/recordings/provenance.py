"""Which document a folder of recordings was made from, and whether this run's document is it.

Replay judges recorded answers by the document it is given. Given another document than the one
the recordings were made from, a request one describes and the other does not (or describes
otherwise) would read as a broken contract, when the mistake is the pairing: the run stops before
any test with one line naming both and the fix (exit 4). Recordings made before `recording.json`
named their document get the check that needs no name: every recorded request under the API's
base path must belong to a path of the document given.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sendcloud_contracts.defaults import aiming_options, shown_path, tox_command
from sendcloud_contracts.errors import RecordingError
from sendcloud_contracts.recordings.cassettes import MALFORMED, UNREADABLE, cassette_files, load_interactions
from sendcloud_contracts.recordings.vcr_setup import METADATA_FILE, RecordedSpec

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.recordings.vcr_setup import RecordingMetadata
    from sendcloud_contracts.spec import Spec

# Enough of a digest to tell two documents apart in a message.
SHOWN_DIGEST = 12
# Requests named in a message about recordings that hold requests the document does not describe.
SHOWN_REQUESTS = 3


def recorded_spec(spec: Spec, checkout: Path) -> RecordedSpec:
    """What `recording.json` says about the document a record run was given."""
    return RecordedSpec(
        path=shown_path(spec.path, checkout),
        sha256=hashlib.sha256(spec.path.read_bytes()).hexdigest(),
        base_path=urlsplit(spec.server_url).path.rstrip("/"),
    )


def check_fit(
    spec: Spec, metadata: RecordingMetadata, cassette_dir: Path, checkout: Path, rerecord: str
) -> None:
    """Raise `RecordingError` unless the recordings in `cassette_dir` were made from `spec`.

    `rerecord` is the hint that records the folder again from this run's document.
    """
    given = recorded_spec(spec, checkout)
    recorded = metadata.spec
    if recorded is None:
        strangers = undescribed_requests(spec, cassette_dir, metadata.base_url)
        if not strangers:
            return
        more = ", ..." if len(strangers) > SHOWN_REQUESTS else ""
        what = (
            f"hold requests {given.path}, the document this run was given, does not describe "
            f"({', '.join(strangers[:SHOWN_REQUESTS])}{more}): they were made from another document"
        )
    elif recorded.sha256 == given.sha256:
        return
    elif recorded.path == given.path:
        what = (
            f"were made from an earlier {given.path} (sha256 {recorded.sha256[:SHOWN_DIGEST]}, now "
            f"{given.sha256[:SHOWN_DIGEST]})"
        )
    else:
        what = f"were made from {recorded.path}, not from {given.path}, the document this run was given"
    folder = shown_path(cassette_dir, checkout)
    own = own_recordings(given.sha256, checkout, cassette_dir)
    fix = rerecord
    if own is not None:
        replay = tox_command("contracts", *aiming_options(checkout, spec.path, own))
        fix = f"replay {given.path} with its own recordings (`{replay}`), or {rerecord}"
    raise RecordingError(f"the recordings in {folder}/ {what}: {fix}")


def undescribed_requests(spec: Spec, cassette_dir: Path, base_url: str) -> list[str]:
    """Recorded requests under the base path that no path of `spec` describes, once each."""
    base_path = urlsplit(base_url).path.rstrip("/")
    found: list[str] = []
    for path in cassette_files(cassette_dir):
        try:
            interactions = load_interactions(path)
        except UNREADABLE + MALFORMED:
            # Reported, naming the file, where the cassette is read for its answers.
            continue
        for request, _ in interactions:
            where = urlsplit(request.uri).path
            # Outside the base path (the OAuth2 token endpoint) the document promises nothing.
            if where.startswith(base_path + "/") and spec.operation_for(where, base_url) is None:
                found.append(f"{request.method} {where}")
    return list(dict.fromkeys(found))


def own_recordings(sha256: str, checkout: Path, cassette_dir: Path) -> Path | None:
    """Another folder of the checkout whose recordings were made from the document with `sha256`."""
    for metadata in sorted(checkout.glob(f"*/{METADATA_FILE}")):
        folder = metadata.parent
        # Hidden folders hold a record run's staging copy, not recordings to replay.
        if folder == cassette_dir or folder.name.startswith("."):
            continue
        try:
            raw = json.loads(metadata.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        spec = raw.get("spec") if isinstance(raw, dict) else None
        if isinstance(spec, dict) and spec.get("sha256") == sha256:
            return folder
    return None
