"""Where the vendored documents come from, and how each is taken out of what its source answers."""

from __future__ import annotations

import re
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from sendcloud_contracts.docdiff.documents import DocumentError
from sendcloud_contracts.docdiff.sources import (
    DEFAULT_SOURCES,
    DownloadError,
    Source,
    download,
    extract,
    load_sources,
    markdown_yaml_block,
)
from sendcloud_contracts.errors import ConfigurationError

from ..conftest import ROOT, SEED_SPEC

if TYPE_CHECKING:
    from collections.abc import Iterator

SPEC = ROOT / "spec"
DOCUMENT = "openapi: 3.1.0\npaths: {}\n\n"


def test_every_vendored_document_has_a_public_source_beside_its_provenance() -> None:
    sources = {source.file: source for source in load_sources(ROOT / DEFAULT_SOURCES)}
    vendored = {
        path.relative_to(ROOT) for path in SPEC.iterdir() if path.suffix in (".yaml", ".yml", ".json")
    }
    assert vendored == set(sources)
    provenance = (SPEC / "PROVENANCE.md").read_text(encoding="utf-8")
    for path, source in sources.items():
        section = provenance.split(f"## `{path.name}`", 1)[1].split("\n## ", 1)[0]
        assert source.url in section, f"{path}: its source {source.url} is not in its PROVENANCE.md section"
        assert source.url.startswith("https://")


def test_the_seed_is_the_yaml_block_of_a_page_and_the_others_are_whole_documents() -> None:
    extractions = {source.file.name: source.extract for source in load_sources(ROOT / DEFAULT_SOURCES)}
    assert extractions == {
        "integrations.yaml": "markdown-yaml-block",
        "sendcloud-v2-integrations-openapi.yml": "document",
        "sendcloud-v3-integrations-openapi.yml": "document",
    }


def test_the_sources_name_what_to_record_again() -> None:
    raw = tomllib.loads((ROOT / DEFAULT_SOURCES).read_text(encoding="utf-8"))
    commands = {entry["file"]: entry.get("rerecord", "") for entry in raw["document"]}
    assert commands["spec/sendcloud-v2-integrations-openapi.yml"] == "python3 -m tox -e record"
    assert "--cassette-dir cassettes-seed" in commands["spec/integrations.yaml"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[[document]]\nfile = 'a'\n", "document #1 lacks url, extract"),
        ("[[document]]\nfile = 'a'\nurl = 'https://x'\nextract = 'zip'\n", "extract = 'zip' is unknown"),
        (
            "[[document]]\nfile = 'a'\nurl = 'ftp://x'\nextract = 'document'\n",
            "is neither https:// nor file://",
        ),
        ("", "no [[document]] entries"),
        ("[[document\n", "not readable TOML"),
    ],
)
def test_a_bad_sources_file_is_said_in_one_line(content: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(content)
    with pytest.raises(ConfigurationError, match=re.escape(message)):
        load_sources(path)


def test_a_missing_sources_file_is_said(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read the sources"):
        load_sources(tmp_path / "absent.toml")


# Taking the document out.


def page(*blocks: str) -> str:
    return "# Retrieve an integration\n\nSome words.\n\n" + "\n".join(blocks) + "\nMore words.\n"


def test_the_seed_comes_out_of_its_page_line_for_line() -> None:
    seed = SEED_SPEC.read_text(encoding="utf-8")
    assert markdown_yaml_block(page("```json\n{}\n```", f"```yaml\n{seed}```"), "p") == seed


@pytest.mark.parametrize(
    "fenced",
    [
        f"```yaml\n{DOCUMENT}```",
        f"~~~yml\n{DOCUMENT}~~~",
        f"````YAML title=openapi.yaml\n{DOCUMENT}```` ",
        f"   ```yaml\n{DOCUMENT}```",
        f"```yaml\n{DOCUMENT}`````",
    ],
)
def test_fences_of_every_markdown_spelling(fenced: str) -> None:
    assert markdown_yaml_block(page(fenced), "p") == DOCUMENT


def test_a_fence_inside_a_block_does_not_close_it() -> None:
    inner = "openapi: 3.1.0\ndescription: |\n  ```python\n  print()\n  ```\n"
    assert markdown_yaml_block(page(f"````yaml\n{inner}````"), "p") == inner


def test_the_first_yaml_block_that_is_an_openapi_document_is_taken() -> None:
    assert markdown_yaml_block(page("```yaml\nname: x\n```", f"```yaml\n{DOCUMENT}```"), "p") == DOCUMENT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (page("```json\n{}\n```"), "p: no ```yaml block; check its extract in spec/sources.toml"),
        (page("```yaml\nname: x\n```"), "p: 1 yaml blocks, none of them an OpenAPI document"),
    ],
)
def test_a_page_without_the_document_is_said(text: str, message: str) -> None:
    with pytest.raises(DocumentError, match=re.escape(message)):
        markdown_yaml_block(text, "p")


def test_what_a_source_answered_is_read_as_utf_8() -> None:
    whole = Source(Path("a.yml"), "https://x/a.yml", "document")
    assert extract(DOCUMENT.encode(), whole) == DOCUMENT
    in_page = Source(Path("a.yml"), "https://x/a.md", "markdown-yaml-block")
    assert extract(page(f"```yaml\n{DOCUMENT}```").encode(), in_page) == DOCUMENT
    with pytest.raises(DocumentError, match=re.escape("https://x/a.yml: the answer is not UTF-8 text")):
        extract(b"\xff\xfe", whole)


# Downloads.


def test_a_local_copy_is_read_through_a_file_url(tmp_path: Path) -> None:
    copy = tmp_path / "a copy.yml"
    copy.write_text(DOCUMENT)
    assert download(copy.as_uri()) == DOCUMENT.encode()
    with pytest.raises(DownloadError, match=r"^cannot read file://.*absent\.yml \(No such file"):
        download((tmp_path / "absent.yml").as_uri())


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/document.yml" else 404
        body = DOCUMENT.encode() if status == 200 else b"Not Found"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_document_is_downloaded_and_a_missing_one_is_said(server: str) -> None:
    assert download(f"{server}/document.yml") == DOCUMENT.encode()
    with pytest.raises(DownloadError, match=r"answered 404, not 200 \(if it moved, put its new address"):
        download(f"{server}/moved.yml")


def test_a_server_that_cannot_be_reached_is_said_in_one_line() -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    with pytest.raises(
        DownloadError, match=r"^cannot download http://127\.0\.0\.1:\d+/a\.yml: no connection"
    ):
        download(f"http://127.0.0.1:{port}/a.yml")


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (requests.exceptions.ConnectTimeout("slow"), "no answer within 10 s to connect or 60 s to read"),
        (requests.exceptions.SSLError("bad certificate"), "TLS failed"),
        (requests.exceptions.InvalidURL("http://"), "http://"),
        (requests.exceptions.RequestException(), "RequestException"),
    ],
)
def test_a_failed_download_says_why_in_a_few_words(
    error: requests.RequestException, said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(requests, "get", fail)
    with pytest.raises(DownloadError, match=re.escape(f"cannot download https://x/a.yml: {said}")):
        download("https://x/a.yml")
