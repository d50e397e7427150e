"""Breaking changes accepted on purpose, each by its fingerprint, with a reason and an end date.

As `deviations.toml` accepts a deviation of the API from its document, `accepted-changes.toml`
accepts a change of the document a team has looked at: reported as accepted, not as breaking, until
its date. Past the date the change is breaking again; an entry no change matches is stale (the
document changed back, or changed again), and both are said in every report.

A group (a payload moved into a wrapper, a rename) is accepted by its own fingerprint, or by entries
that accept each of its breaking consequences: a team that accepted every property a move removed
has accepted the move, until the first of those entries ends. An entry naming a consequence is not
stale while the group holds it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sendcloud_contracts.errors import ConfigurationError

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.docdiff.changes import Change

DEFAULT_ACCEPTANCES = "accepted-changes.toml"


@dataclass(frozen=True)
class Acceptance:
    fingerprint: str
    reason: str
    until: date
    # What the entry is about, in the words of the report it was copied from; for the reader only.
    change: str = ""

    def __str__(self) -> str:
        about = f" {self.change}" if self.change else ""
        return f"{self.fingerprint}{about} (until {self.until.isoformat()}: {self.reason})"


@dataclass(frozen=True)
class Judgement:
    """The changes, which of them a current entry accepts, and the entries that need a look."""

    changes: list[Change]
    accepted: dict[str, Acceptance] = field(default_factory=dict)
    expired: list[Acceptance] = field(default_factory=list)
    stale: list[Acceptance] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        """Breaking changes no current entry accepts: what fails the run."""
        return [item for item in self.changes if item.breaking and item.fingerprint not in self.accepted]

    @property
    def harmless(self) -> list[Change]:
        return [item for item in self.changes if not item.breaking and item.fingerprint not in self.accepted]

    @property
    def verdict(self) -> str:
        if self.breaking:
            return "breaking"
        return "compatible" if self.changes else "unchanged"


def judge(changes: list[Change], entries: list[Acceptance], today: date) -> Judgement:
    current = {entry.fingerprint: entry for entry in entries if entry.until >= today}
    seen = {found.fingerprint for item in changes for found in (item, *item.members)}
    accepted = {}
    for item in changes:
        entry = _accepting(item, current)
        if entry is not None:
            accepted[item.fingerprint] = entry
    return Judgement(
        changes,
        accepted=accepted,
        expired=[entry for entry in entries if entry.until < today],
        stale=[entry for entry in current.values() if entry.fingerprint not in seen],
    )


def _accepting(item: Change, current: dict[str, Acceptance]) -> Acceptance | None:
    """The entry that accepts `item`: its own, or for a group the first to end of its consequences'."""
    if item.fingerprint in current or not item.members:
        return current.get(item.fingerprint)
    breaking = [member for member in item.members if member.breaking]
    if not breaking or any(member.fingerprint not in current for member in breaking):
        return None
    return min((current[member.fingerprint] for member in breaking), key=lambda entry: entry.until)


def load_acceptances(path: Path, *, required: bool = False) -> list[Acceptance]:
    """The entries of an acceptances file; none when it does not exist, unless it was asked for by name."""
    if not path.exists():
        if required:
            raise ConfigurationError(f"{path}: no such file of accepted changes; check --accepted")
        return []
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigurationError(f"{path}: not readable TOML ({error})") from None
    entries = []
    for number, raw in enumerate(document.get("accepted", []), start=1):
        where = f"{path}: accepted #{number}"
        missing = [key for key in ("fingerprint", "reason", "until") if key not in raw]
        if missing:
            raise ConfigurationError(
                f"{where} lacks {', '.join(missing)}; every entry says fingerprint, reason, until"
            )
        # TOML's date-times are `date`s to isinstance, but compare with none: a date only.
        if not isinstance(raw["until"], date) or isinstance(raw["until"], datetime):
            raise ConfigurationError(
                f"{where}: until = {raw['until']!r} is not a date; write e.g. until = 2027-03-31"
            )
        if not str(raw["reason"]).strip():
            raise ConfigurationError(f"{where}: the reason is empty; say why the change is accepted")
        entries.append(
            Acceptance(str(raw["fingerprint"]), str(raw["reason"]), raw["until"], str(raw.get("change", "")))
        )
    return entries
