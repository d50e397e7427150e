"""A run's report.html, from the run's own objects: the verdict first, failures with what the client saw."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from sendcloud_contracts.redaction import FILTERED
from sendcloud_contracts.reports.evidence import FOLD_AT, KEEP_AT_MOST
from sendcloud_contracts.reports.history import History
from sendcloud_contracts.reports.run_page import run_page, write_run_page

from ..conftest import ROOT
from . import samples

if TYPE_CHECKING:
    from pathlib import Path


class _Outline(HTMLParser):
    """Tags, attributes and the first heading of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.headings.append(data)


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def external_references(html: str) -> list[str]:
    """Everything a page would load or link to outside itself: sources, stylesheets, scripts, URLs in CSS."""
    found = []
    for tag, attrs in outline(html).tags:
        if tag in ("script", "link", "iframe", "object", "embed", "base"):
            found.append(tag)
        for name in ("src", "href", "srcset", "action", "data", "poster"):
            value = attrs.get(name)
            if value is not None and not (
                name == "href" and (value.startswith("#") or _relative_page(value))
            ):
                found.append(f"{tag} {name}={value}")
    found += re.findall(r"url\(|@import", html)
    return found


def _relative_page(value: str) -> bool:
    # Links between the pages of one report folder (pre-release to each account) stay in the folder.
    return value.endswith("report.html") and ":" not in value and not value.startswith(("/", "\\"))


def test_a_green_page_opens_with_the_verdict_and_the_facts() -> None:
    summary, run = samples.green()
    html = run_page(summary, run, secrets=samples.secrets())
    assert (
        "".join(outline(html).headings) == "Sendcloud contract: PASS: the API keeps its documented contract"
    )
    for fact in (
        "live",
        samples.BASE_URL,
        samples.DOCUMENT,
        "seed 2718281828 (drawn for this run)",
        "--disable-recording --hypothesis-seed=2718281828",
        "2026-11-27 03:17:40 UTC",
        "8.3 s",
        "52 requests sent; 0 answered 429 (throttled), 0.0 s waited",
        "100% (3 of 3) checks passed",
    ):
        assert fact in html, fact
    assert 'id="failures"' not in html
    # Hygiene and coverage are there, folded.
    assert re.search(r'<section id="hygiene">\s*<details>', html)
    assert re.search(r'<section id="coverage">\s*<details>', html)


def test_a_page_is_one_file_that_loads_nothing_and_runs_no_script() -> None:
    summary, run = samples.red()
    html = run_page(summary, run, secrets=samples.secrets())
    assert external_references(html) == []
    assert "default-src 'none'" in html


def test_the_check_for_external_references_finds_them() -> None:
    page = (
        '<img src="https://example.com/a.png"><a href="https://x.test/">x</a><style>@import "a.css"</style>'
    )
    assert len(external_references(page)) == 3
    assert external_references('<a href="#failure-1">1</a><a href="eu-shop/report.html">eu</a>') == []


def test_a_failure_opens_to_what_the_client_sent_and_received_secrets_redacted() -> None:
    summary, run = samples.red()
    html = run_page(summary, run, secrets=samples.secrets())
    assert "Sendcloud contract: FAIL: the API broke its contract (1 failure)" in html
    failure = html[html.index('<details id="failure-1" class="failure" open>') :]
    for shown in (
        "<code>[response_schema]</code>",
        '<code class="field">system</code>',
        "(absent)",
        "&#34;system&#34; is a required property",
        "curl -X GET -u &#34;$SENDCLOUD_PUBLIC_KEY:$SENDCLOUD_SECRET_KEY&#34; "
        "https://panel.sendcloud.sc/api/v2/integrations/4711",
        "The night's requests again: <code>--disable-recording --hypothesis-seed=2718281828</code>",
        f"GET {samples.BASE_URL}/integrations/4711",
        f"Authorization: {FILTERED}",
        f"Set-Cookie: {FILTERED}",
        "HTTP 200",
        f"&#34;shop_name&#34;: &#34;leaked {FILTERED}&#34;",
    ):
        assert shown in failure, shown
    assert samples.SECRET_KEY not in html
    assert "c2VjcmV0OnNlY3JldA==" not in html


def test_values_from_the_api_are_escaped() -> None:
    summary, run = samples.red({"id": 4711, "shop_name": "<script>alert(1)</script>"})
    html = run_page(summary, run, secrets=samples.secrets())
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_long_body_is_folded_and_cut() -> None:
    body = b"x" * (KEEP_AT_MOST + 10)
    summary, run = samples.red(body)
    html = run_page(summary, run, secrets=samples.secrets())
    assert f"{KEEP_AT_MOST - FOLD_AT} more characters of the body" in html
    assert "10 more characters are not kept in this page." in html
    assert "x" * (KEEP_AT_MOST + 1) not in html


def test_a_stopped_page_says_why_and_compares_nothing() -> None:
    html = run_page(samples.stopped(), None, secrets=samples.secrets())
    heading = "".join(outline(html).headings)
    assert heading.startswith("Sendcloud contract: STOPPED (exit 75): the run ended early")
    assert "Why: infrastructure error: GET" in html
    assert "Not compared: this run ended before judging the contract" in html
    assert 'id="matrix"' not in html


def test_the_matrix_shows_each_cell_and_the_score(tmp_path: Path) -> None:
    summary, run = samples.red()
    html = run_page(summary, run, secrets=samples.secrets())
    matrix = html[html.index('<section id="matrix">') :]
    row = re.search(
        r'<tr><th scope="row" class="operation mono">GET <wbr>/integrations<wbr>/\{id\}</th>(.*?)</tr>',
        matrix,
    )
    assert row is not None
    assert (
        '<td class="num score failed"><span class="share">67%</span> <span class="counts">(2 of 3)</span>'
        in row.group(1)
    )
    assert 'class="num failed" title="1 failed"><span>✗ 1</span> <span>of 1</span></td>' in row.group(1)
    assert 'class="num passed" title="1 passed"><span>✓ 1</span></td>' in row.group(1)
    # A documented operation no answer reached is listed, not exercised.
    assert re.search(
        r"/shipments</th><td class=\"num score\">.*?</td><td class=\"num not-exercised\"", matrix
    )


def test_the_run_row_adds_up_each_rule_and_hygiene_stands_apart() -> None:
    summary, run = samples.green()
    html = run_page(summary, run, secrets=samples.secrets())
    matrix = html[html.index('<table class="matrix">') : html.index("</table>")]
    groups = re.findall(r'<th colspan="(\d+)" scope="colgroup" class="group">([^<]+)</th>', matrix)
    assert groups == [("3", "contract rules"), ("1", "hygiene")]
    rules = re.findall(r'<th scope="col" class="rule" title="(\w+)"><span>\1</span></th>', matrix)
    assert rules == ["response_schema", "timestamp", "requested_integration", "unsupported_method"]
    run_row = matrix[matrix.index("<tfoot>") :]
    assert "the run</th>" in run_row
    assert '<strong><span class="share">100%</span> <span class="counts">(3 of 3)</span></strong>' in run_row
    # One cell per rule, each the column's sum: no empty cell spanning the rules.
    assert re.findall(r"<span>([^<]+)</span></td>", run_row) == ["✓ 1", "✓ 1", "✓ 1", "! 1"]
    assert "colspan" not in run_row


def test_the_page_and_the_history_go_beside_the_reports(tmp_path: Path) -> None:
    summary, run = samples.red()
    folder = tmp_path / "reports" / "live"
    page = write_run_page(folder, summary, run, history_key=samples.KEY, secrets=samples.secrets())
    assert page == folder / "report.html"
    (history,) = (tmp_path / "reports" / "history").iterdir()
    assert history.name.endswith(".json")
    loaded = History.load(history.parent, samples.KEY)
    assert [entry.verdict for entry in loaded.runs] == ["fail"]
    assert samples.SECRET_KEY not in page.read_text() + history.read_text()


def test_every_template_ships_with_an_installed_package() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    folder = ROOT / "src" / "sendcloud_contracts" / "reports"
    templates = [path.relative_to(folder).as_posix() for path in (folder / "templates").iterdir()]
    assert templates
    assert all(
        any(fnmatch(name, glob) for glob in globs["sendcloud_contracts.reports"]) for name in templates
    )
