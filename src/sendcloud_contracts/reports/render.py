"""The template engine for every page: Jinja2 with autoescaping, templates shipped as package data.

Every page is one self-contained file: styles inline, no script, nothing loaded from elsewhere (its
Content-Security-Policy forbids it), so it opens from a CI artifact or a mail attachment alike.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.files import write_atomically

if TYPE_CHECKING:
    from pathlib import Path

    import jinja2

    from sendcloud_contracts.redaction import Secrets

PAGE_FILE = "report.html"


@cache
def environment() -> jinja2.Environment:
    # Imported on first use: a run that writes no page pays nothing for the engine.
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("sendcloud_contracts.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def write_page(path: Path, html: str, secrets: Secrets | None = None) -> None:
    """Write a page; a run's known secrets are replaced once more in the whole text, as a last line."""
    if secrets is not None:
        # Values only: the `Authorization:` pattern `redact` also applies could cut into the markup.
        html = secrets.redact_bytes(html.encode()).decode()
    write_atomically(path, html)
