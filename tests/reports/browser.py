"""A page as headless Chromium shows it: the text a reader sees, and every request the page made.

Chromium comes from the distribution's packages (`apt-get install chromium`); `.ci/run` installs it
and sets `REQUIRE_VARIABLE`, so that CI fails rather than skips without it. Requests are read from
Chromium's own net log: a request the page made carries the page's origin as its initiator, while the
browser's housekeeping (its clock, its updater) has none. Host names resolve nowhere meanwhile, so
nothing leaves the machine even if a page asked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pathlib import Path

REQUIRE_VARIABLE = "SENDCLOUD_CONTRACTS_REQUIRE_BROWSER"
NAMES = ("chromium", "chromium-browser", "google-chrome")
INSTALL = "apt-get install chromium (Debian, Ubuntu) or your system's Chromium package"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
# The browser's own requests have no origin; a page's have its origin (`null` for a file).
_NO_ORIGIN = "not an origin"
_HIDDEN_TAGS = frozenset({"head", "style", "script", "title", "template"})
_VOID_TAGS = frozenset({"meta", "link", "br", "wbr", "img", "hr", "input", "col", "area", "base", "source"})
# Elements that start a line or a cell of their own: their text never runs into the next one's.
_BLOCK_TAGS = frozenset(
    {"p", "div", "dt", "dd", "li", "td", "th", "tr", "pre", "summary", "details", "section", "header"}
    | {"h1", "h2", "h3", "table", "ul", "dl", "footer", "br"}
)


def chromium() -> str:
    """The browser, or a skip saying how to install it (a failure where `REQUIRE_VARIABLE` is set)."""
    found = next((path for path in map(shutil.which, NAMES) if path), None)
    if found is None:
        if os.environ.get(REQUIRE_VARIABLE):
            pytest.fail(f"{REQUIRE_VARIABLE} is set, but no Chromium is installed: {INSTALL}")
        pytest.skip(f"no Chromium to open the pages in: {INSTALL}")
    return found


@dataclass(frozen=True)
class Shown:
    text: str
    requests: list[str]


def show(page: Path, scratch: Path) -> Shown:
    """One start of the browser: the page's DOM once loaded, and the requests it made."""
    scratch.mkdir(parents=True, exist_ok=True)
    netlog = scratch / "netlog.json"
    command = [
        chromium(),
        *FLAGS,
        f"--user-data-dir={scratch / 'profile'}",
        f"--log-net-log={netlog}",
        "--dump-dom",
        page.as_uri(),
    ]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout
    return Shown(visible_text(dom), page_requests(json.loads(netlog.read_text(encoding="utf-8"))))


def page_requests(netlog: dict[str, Any]) -> list[str]:
    """The URLs the page itself asked for (not the browser's housekeeping), from a Chromium net log."""
    names = {number: name for name, number in netlog["constants"]["logEventTypes"].items()}
    urls = []
    for event in netlog["events"]:
        params = event.get("params") or {}
        started = names.get(event["type"]) == "URL_REQUEST_START_JOB" and "url" in params
        if started and params.get("initiator", _NO_ORIGIN) != _NO_ORIGIN:
            urls.append(str(params["url"]))
    return urls


class _Visible(HTMLParser):
    """Text outside `<head>`, and outside closed `<details>` except their `<summary>`."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        # Per open element: (its content hidden, it is a closed <details>).
        self._stack: list[tuple[bool, bool]] = [(False, False)]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")
        if tag in _VOID_TAGS:
            return
        hidden, closed = self._stack[-1]
        hidden = hidden or (closed and tag != "summary") or tag in _HIDDEN_TAGS
        self._stack.append((hidden, tag == "details" and "open" not in dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")
        if tag not in _VOID_TAGS and len(self._stack) > 1:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        hidden, closed = self._stack[-1]
        if not hidden and not closed:
            self.parts.append(data)


def visible_text(dom: str) -> str:
    parser = _Visible()
    parser.feed(dom)
    return " ".join("".join(parser.parts).split())
