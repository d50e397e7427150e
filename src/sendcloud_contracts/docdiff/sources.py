"""Where each vendored document is published (`spec/sources.toml`), and how to get it from there.

A source is a URL (`https://`, or `file://` for a local copy: a dry run without internet) and how
to take the document out of the answer: the whole answer, or the first `yaml` block of a Markdown
page, byte for byte, as `spec/PROVENANCE.md` says the seed was taken.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import requests

from sendcloud_contracts.docdiff.documents import DocumentError
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.wording import one_line

DEFAULT_SOURCES = "spec/sources.toml"
EXTRACTIONS = ("document", "markdown-yaml-block")
# Seconds to connect, then to read: a published document is a few hundred kilobytes at most.
TIMEOUTS = (10, 60)
_OPENING_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)")
_OPENAPI_LINE = re.compile(r"^openapi\s*:", re.MULTILINE)


class DownloadError(Exception):
    """The source could not be fetched: infrastructure, nothing is known about the document."""


@dataclass(frozen=True)
class Source:
    file: Path
    url: str
    extract: str
    # The command that records again what depends on the document, once it is updated; "" for none.
    rerecord: str = ""


def load_sources(path: Path) -> list[Source]:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read the sources ({error.strerror or error})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"{path}: not readable TOML ({one_line(str(error))})") from None
    sources = []
    for number, raw in enumerate(document.get("document", []), start=1):
        where = f"{path}: document #{number}"
        missing = [key for key in ("file", "url", "extract") if not str(raw.get(key, "")).strip()]
        if missing:
            raise ConfigurationError(
                f"{where} lacks {', '.join(missing)}; every entry says file, url, extract"
            )
        if raw["extract"] not in EXTRACTIONS:
            raise ConfigurationError(
                f"{where}: extract = {raw['extract']!r} is unknown; expected one of: {', '.join(EXTRACTIONS)}"
            )
        if urlsplit(str(raw["url"])).scheme not in ("https", "http", "file"):
            raise ConfigurationError(f"{where}: url {raw['url']!r} is neither https:// nor file://")
        sources.append(
            Source(Path(raw["file"]), str(raw["url"]), str(raw["extract"]), str(raw.get("rerecord", "")))
        )
    if not sources:
        raise ConfigurationError(f"{path}: no [[document]] entries; name each vendored document's source")
    return sources


def download(url: str) -> bytes:
    """The bytes at `url`; `DownloadError` with one line when there are none."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        path = Path(url2pathname(parts.path))
        try:
            return path.read_bytes()
        except OSError as error:
            raise DownloadError(f"cannot read {url} ({error.strerror or error})") from None
    try:
        response = requests.get(url, timeout=TIMEOUTS, headers={"User-Agent": "sendcloud-contracts docdiff"})
    except requests.RequestException as error:
        raise DownloadError(f"cannot download {url}: {_reason(error)}") from None
    if response.status_code != 200:
        raise DownloadError(
            f"cannot download {url}: it answered {response.status_code}, not 200 "
            "(if it moved, put its new address in spec/sources.toml)"
        )
    return response.content


def _reason(error: requests.RequestException) -> str:
    if isinstance(error, requests.exceptions.Timeout):
        return f"no answer within {TIMEOUTS[0]} s to connect or {TIMEOUTS[1]} s to read"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS failed"
    if isinstance(error, requests.exceptions.ConnectionError):
        return "no connection (DNS, refused or reset)"
    return one_line(str(error)) or type(error).__name__


def extract(body: bytes, source: Source) -> str:
    """The document's text out of what the source answered."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{source.url}: the answer is not UTF-8 text") from None
    if source.extract == "document":
        return text
    return markdown_yaml_block(text, source.url)


def markdown_yaml_block(page: str, label: str) -> str:
    """The first fenced `yaml` block of a Markdown page that holds an OpenAPI document, line for line."""
    blocks = []
    lines = page.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        opening = _OPENING_FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        fence, body = opening.group("fence"), []
        while index < len(lines) and not _closes(lines[index], fence):
            body.append(lines[index])
            index += 1
        index += 1
        if opening.group("info").lower() in ("yaml", "yml"):
            blocks.append("".join(body))
    for block in blocks:
        if _OPENAPI_LINE.search(block):
            return block
    found = f"{len(blocks)} yaml blocks, none of them an OpenAPI document" if blocks else "no ```yaml block"
    raise DocumentError(f"{label}: {found}; check its extract in spec/sources.toml")


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and set(stripped) == {fence[0]}
