"""Cassette files: read with a clear error when broken, written only when a recording completed.

pytest-recording's `rewrite` mode deletes a test's cassette before recording it, and vcrpy writes
each cassette as its test ends. A record run that dies halfway would leave the folder with some
cassettes new, some gone and some old. So a record run writes into a staging folder beside the
cassette folder, and the staged files replace the old ones only when the run completed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vcr.persisters.filesystem import CassetteNotFoundError

from sendcloud_contracts.defaults import RERECORD
from sendcloud_contracts.exitcodes import bad_input
from sendcloud_contracts.recordings.cassettes import MALFORMED

if TYPE_CHECKING:
    from types import ModuleType

    from sendcloud_contracts.redaction import Secrets

STAGING_INFIX = ".recording-"


class Staging:
    """A scratch copy of the cassette folder that a record run writes to."""

    def __init__(self, cassette_dir: Path) -> None:
        self.cassette_dir = cassette_dir
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        """Created on first use, seeded with the current cassettes so that modes which keep
        existing recordings (`once`, `new_episodes`) see them."""
        if self._folder is None:
            parent = self.cassette_dir.parent
            parent.mkdir(parents=True, exist_ok=True)
            # Beside the cassette folder, on the same file system, so publishing is a rename.
            folder = Path(tempfile.mkdtemp(dir=parent, prefix=f".{self.cassette_dir.name}{STAGING_INFIX}"))
            if self.cassette_dir.is_dir():
                for path in self.cassette_dir.iterdir():
                    if path.is_file():
                        shutil.copy2(path, folder / path.name)
            self._folder = folder
        return self._folder

    @property
    def started(self) -> bool:
        return self._folder is not None

    def publish(self) -> None:
        """Move every staged file over its counterpart, each in one atomic rename."""
        if self._folder is None:
            return
        self.cassette_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(self._folder.iterdir()):
            if path.is_file():
                os.chmod(path, 0o644)
                os.replace(path, self.cassette_dir / path.name)
        self.discard()

    def discard(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


class GuardedPersister:
    """Wraps pytest-recording's persister: a broken cassette stops the run naming the file, and
    nothing secret reaches a cassette even if a response echoed it."""

    def __init__(self, inner: Any, secrets: Secrets, rerecord: str = RERECORD) -> None:
        self._inner = inner
        self._secrets = secrets
        self._rerecord = rerecord

    def load_cassette(self, cassette_path: str, serializer: ModuleType) -> Any:
        try:
            return self._inner.load_cassette(cassette_path, serializer)
        except CassetteNotFoundError:
            raise
        except MALFORMED as error:
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            raise bad_input(
                f"cassette {cassette_path} is corrupt or truncated ({type(error).__name__}: {reason}): "
                f"restore it with `git checkout -- {cassette_path}` or {self._rerecord}"
            ) from None

    def save_cassette(
        self, cassette_path: str, cassette_dict: dict[str, Any], serializer: ModuleType
    ) -> None:
        for response in cassette_dict.get("responses", ()):
            self._redact_response(response)
        for request in cassette_dict.get("requests", ()):
            request.uri = self._secrets.redact(request.uri)
            if isinstance(request.body, bytes):
                request.body = self._secrets.redact_bytes(request.body)
        self._inner.save_cassette(cassette_path, cassette_dict, serializer)

    def _redact_response(self, response: dict[str, Any]) -> None:
        headers = response.get("headers", {})
        for name, values in list(headers.items()):
            headers[name] = [self._secrets.redact(str(value)) for value in values]
        body = response.get("body", {})
        data = body.get("string")
        if isinstance(data, bytes):
            redacted = self._secrets.redact_bytes(data)
            if redacted != data:
                body["string"] = redacted
                set_content_length(response, len(redacted))


def set_content_length(response: dict[str, Any], length: int) -> None:
    """Keep `Content-Length` true to a rewritten body: urllib3 rejects a replayed body of another length."""
    headers = response.get("headers", {})
    for name in headers:
        if name.lower() == "content-length":
            headers[name] = [str(length)]
