"""report.html says everything summary.md says: each line of each of summary.md's sections, on the page.

Both are written from one `RunSummary`; the page words a few things its own way, listed here.
"""

from __future__ import annotations

import re

from sendcloud_contracts.reports.run_page import run_page
from sendcloud_contracts.reports.summary import SECTIONS, RunSummary

from . import samples
from .browser import visible_text

# summary.md's fact line "Target: URL (MODE mode)": the page has the mode as a fact of its own.
_TARGET = re.compile(r"^Target: (?P<url>.*) \((?P<mode>\w+) mode\)$")
# A warning's kind: the page lists hygiene findings under a heading that says so, other kinds by name.
_HYGIENE = "hygiene: "
_TABLE_RULE = re.compile(r"^\|(\s*-+\s*\|)+$")


def said(lines: list[str]) -> list[str]:
    """What the lines of one summary.md section say, as phrases the page's text must hold."""
    phrases: list[str] = []
    in_table = False
    for line in lines:
        text = line.strip()
        if text.startswith("|"):
            # A table's first row names its columns, which the page lays out its own way.
            if in_table and not _TABLE_RULE.match(text):
                cells = re.split(r"(?<!\\)\|", text)[1:-1]
                phrases += [cell.strip().strip("`").replace("\\|", "|") for cell in cells]
            in_table = True
            continue
        in_table = False
        text = text.lstrip("#").strip().removeprefix("- ").replace("**", "").replace("`", "")
        target = _TARGET.match(text)
        if target:
            phrases += [f"Target {target['url']}", f"Mode {target['mode']}"]
            continue
        # A fact: its label and its value side by side, as the page's list of facts shows them.
        text = re.sub(
            r"^(Document|Auth|Integration ids|Date|Duration|Requests|Generation|Tests|Coverage): ",
            r"\1 ",
            text,
        )
        phrases.append(text.removeprefix(_HYGIENE))
    # A failure's count of answers is a number the page gives only when it is more than one.
    return [phrase for phrase in phrases if phrase and not phrase.isdigit()]


def missing(summary: RunSummary, html: str) -> list[str]:
    """summary.md's phrases the page does not show (any `<details>` opened), section by section.

    A phrase is found whole: "seen 1 time" is not in "seen 1 times".
    """
    text = visible_text(html.replace("<details", "<details open")).casefold()
    return [
        f"{section.__name__}: {phrase}"
        for section in SECTIONS
        for phrase in said(section(summary))
        if not re.search(rf"(?<!\w){re.escape(' '.join(phrase.split()).casefold())}(?!\w)", text)
    ]


def test_every_section_of_summary_md_is_on_the_page() -> None:
    summary, run = samples.every_section()
    names = [section.__name__ for section in SECTIONS]
    # Each section has something to say in this run, so that each is compared.
    assert all(section(summary) for section in SECTIONS), names
    assert missing(summary, run_page(summary, run, secrets=samples.secrets())) == []


def test_a_stopped_run_says_why_on_both() -> None:
    summary = samples.stopped()
    assert missing(summary, run_page(summary, None, secrets=samples.secrets())) == []


def test_a_phrase_the_page_lacks_is_found() -> None:
    summary, run = samples.every_section()
    html = run_page(summary, run, secrets=samples.secrets())
    assert missing(summary, html.replace("API v3 and API v2 agree", "API v3 and v2 agree")) == [
        "_notes: API v3 and API v2 agree: 4 integrations and both lists, field by field"
    ]
