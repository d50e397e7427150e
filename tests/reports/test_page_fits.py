"""report.html fits the window: nothing scrolls sideways at 1280 and 800 pixels, green or red, API v2 or v3.

The v3 pages are those of real replays: of the shipped recordings, and of a copy broken the way an
API breaks (a timestamp without its offset). The v2 pages are a busy night of the complete v2
document as data (`samples.busy`), every rule on every read, wider than a replay of cassettes/:
a whole run costs seconds, and one version's real runs show what runs add. One browser measures
all of them, every `<details>` opened, as a reader may open them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.reports.run_page import write_run_page

from ..conftest import ROOT, V3_SPEC
from . import samples
from .browser import chromium
from .devtools import Browser

if TYPE_CHECKING:
    from pathlib import Path

    from ..conftest import SuiteRunner

# Whole runs of the suite, judged by the pages they write (`unmeasured` in tests/conftest.py).
pytestmark = pytest.mark.usefixtures("unmeasured")

WIDTHS = (1280, 800)
V3_RECORDINGS = ROOT / "cassettes-v3"
# Two of the logs answers lose their timestamp's offset.
V3_BROKEN = {"02:02:05.000001+01:00": "02:02:05.000001"}
# What a reader would have to scroll sideways to see: the document wider than its window, an element
# that scrolls its content, a cell of the matrix past the window's edge or too narrow for its text.
MEASURE = """(() => {
  document.querySelectorAll("details").forEach(details => { details.open = true; });
  const root = document.documentElement;
  const name = element => element.tagName.toLowerCase() + (element.className ? "." + element.className : "");
  const scrolling = [...document.body.querySelectorAll("*")].filter(element =>
    element.scrollWidth > element.clientWidth && getComputedStyle(element).overflowX !== "visible");
  const cells = [...document.querySelectorAll("table.matrix th, table.matrix td")];
  const cut = cells.filter(cell =>
    cell.getBoundingClientRect().right > root.clientWidth || cell.scrollWidth > cell.clientWidth);
  const runRow = document.querySelector("table.matrix tfoot tr");
  return {
    scroll_width: root.scrollWidth,
    client_width: root.clientWidth,
    inner_width: window.innerWidth,
    scrolling: scrolling.map(element => `${name(element)} ${element.scrollWidth}>${element.clientWidth}`),
    cut: cut.map(cell => `${name(cell)} ${cell.textContent.trim()}`),
    rules: [...document.querySelectorAll("table.matrix th.rule")].map(header => header.textContent.trim()),
    run_row: runRow ? [...runRow.cells].map(cell => cell.textContent.trim()) : [],
    verdict: document.querySelector("h1").textContent,
  };
})()"""


@dataclass(frozen=True)
class Layout:
    scroll_width: int
    client_width: int
    inner_width: int
    scrolling: list[str]
    cut: list[str]
    rules: list[str]
    run_row: list[str]
    verdict: str

    def overflow(self) -> list[str]:
        wider = [f"document {self.scroll_width} > {self.client_width}"]
        cut = (
            [f"{len(self.cut)} cells of the matrix cut off, as {', '.join(self.cut[:3])}"] if self.cut else []
        )
        return [*(wider if self.scroll_width > self.client_width else []), *self.scrolling, *cut]


def broken(folder: Path, recordings: Path, replacements: dict[str, str]) -> Path:
    """A copy of `recordings` whose answers say what `replacements` make them say."""
    copy = shutil.copytree(recordings, folder)
    found = dict.fromkeys(replacements, 0)
    for cassette in copy.glob("*.yaml"):
        text = cassette.read_text(encoding="utf-8")
        for old, new in replacements.items():
            found[old] += text.count(old)
            text = text.replace(old, new)
        cassette.write_text(text, encoding="utf-8")
    assert all(found.values()), found
    return copy


def pages(run_suite: SuiteRunner, tmp_path: Path) -> dict[str, Path]:
    """report.html of a green and a red night of each API version, by name (`green-v2`)."""
    written: dict[str, Path] = {}
    for colour, red in (("green", False), ("red", True)):
        summary, run = samples.busy(broken=red)
        folder = tmp_path / f"{colour}-v2"
        written[folder.name] = write_run_page(
            folder, summary, run, history_key=None, secrets=samples.secrets()
        )
    red_recordings = broken(tmp_path / "red-v3-recordings", V3_RECORDINGS, V3_BROKEN)
    for colour, recordings, code in (("green", V3_RECORDINGS, 0), ("red", red_recordings, 1)):
        result = run_suite(f"--contract-spec={V3_SPEC}", cassette_dir=recordings)
        assert result.ret == code, result.stdout.str()[-2000:]
        page = tmp_path / f"{colour}-v3.html"
        shutil.copy(tmp_path / "reports" / "report.html", page)
        written[f"{colour}-v3"] = page
    return written


def test_every_page_fits_its_window_with_every_rule_and_the_runs_totals(
    run_suite: SuiteRunner, tmp_path: Path
) -> None:
    chromium()
    written = pages(run_suite, tmp_path)
    # One browser for the eight measurements: a start costs more than measuring a page.
    layouts: dict[tuple[str, int], Layout] = {}
    with Browser(tmp_path / "browser") as browser:
        for name, page in written.items():
            browser.open(page)
            for width in WIDTHS:
                browser.resize(width)
                layouts[name, width] = Layout(**browser.evaluate(MEASURE))

    overflowing = {f"{name} at {width}": layout.overflow() for (name, width), layout in layouts.items()}
    assert {where: found for where, found in overflowing.items() if found} == {}
    for (name, width), layout in layouts.items():
        assert layout.inner_width == width
        assert layout.verdict.startswith(f"Sendcloud contract: {'PASS' if 'green' in name else 'FAIL'}")
        # The run's row: its name, its score, then one total per rule's column.
        assert len(layout.run_row) == len(layout.rules) + 2, (name, layout.run_row)
        assert all(layout.run_row), (name, layout.run_row)
    # Every rule the run checked has its column, passed or failed: the v3 sort orders, say.
    assert "sorting" in layouts["green-v3", 800].rules
