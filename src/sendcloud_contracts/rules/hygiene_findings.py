"""A hygiene finding: a warning about what the server (or its document) says of itself.

Kept apart from the checks that find them (`hygiene.py`), so that a run's state can hold findings
without reaching for schemathesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sendcloud_contracts.spec import Spec

# Findings about the spec itself (an example that breaks its own schema): no request to blame.
DOCUMENT_CHECK = "spec_example"
# How far the further parts of a finding are indented under its headline, as a failure's
# reproduction is under its violations.
DETAIL_INDENT = "    "


@dataclass(frozen=True)
class HygieneFinding:
    """One thing the server says about itself that the documented operations do not rely on.

    `message` is the headline; `details` the further parts of a message schemathesis wrote over
    several lines (what was documented, which part was invalid, why it is hygiene), each a line.
    """

    check: str
    request: str
    message: str
    details: tuple[str, ...] = ()
    # "hygiene", or "unconfirmed": a disagreement with a pairing the document does not state (a sort
    # key's field), a warning until it does; `--strict-hygiene` leaves those warnings.
    kind: str = "hygiene"

    @property
    def headline(self) -> str:
        return f"[{self.check}] {self.request}: {self.message}"

    def __str__(self) -> str:
        return "\n".join([self.headline, *(DETAIL_INDENT + detail for detail in self.details)])


def document_findings(spec: Spec) -> list[HygieneFinding]:
    """What is wrong with the vendor's document itself: the API is still tested against it."""
    return [HygieneFinding(DOCUMENT_CHECK, spec.path.name, problem) for problem in spec.example_problems]
