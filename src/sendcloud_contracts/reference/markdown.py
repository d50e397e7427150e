"""Markdown for the reference pages: tables whose cells never break the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

GENERATED = "<!-- Generated at every build of the site from {source}: edit the code, not this page. -->\n\n"


def cell(text: object) -> str:
    """One table cell: a `|` escaped, lines joined."""
    return " ".join(str(text).split("\n")).replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(cell(value) for value in row) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"


def code(text: str) -> str:
    return f"`{text}`"


def page(title: str, source: str, *parts: str) -> str:
    """A page: its title, where it comes from, then its parts, one blank line apart."""
    return (
        f"# {title}\n\n" + GENERATED.format(source=source) + "\n".join(part.rstrip() + "\n" for part in parts)
    )
