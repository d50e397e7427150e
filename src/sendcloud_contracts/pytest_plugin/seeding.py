"""How a run generates its requests: fixed when recording or replaying, from a fresh seed when live.

A recording must be replayable and two recordings of the same API must be the same bytes, so
record and replay derandomize generation and a replay generates the number of cases per
operation its recording was made with. A live run records nothing: sending the same requests
every night would waste the nights, so it draws a fresh seed, unless `--hypothesis-seed`
(Hypothesis' own pytest option) names one, and prints it with the options that send the same
requests again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendcloud_contracts.defaults import tox_command
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.pytest_plugin.budget import (
    DEFAULT_MAX_EXAMPLES,
    MAX_EXAMPLES_VARIABLE,
    max_examples_from_environment,
)
from sendcloud_contracts.recordings.vcr_setup import METADATA_FILE
from sendcloud_contracts.wording import plural

if TYPE_CHECKING:
    from collections.abc import Mapping

SEED_OPTION = "--hypothesis-seed"
# Where pytest keeps the option's value (Hypothesis' plugin adds the option).
SEED_OPTION_DEST = "hypothesis_seed"
LIVE_OPTION = "--disable-recording"
# Short enough to copy from a log, wide enough that two nights practically never repeat.
SEED_BITS = 32


@dataclass(frozen=True)
class Generation:
    """What a run generates: cases per operation, and the seed (None: fixed generation)."""

    max_examples: int
    seed: int | None = None
    seed_from_user: bool = False
    # Settings the run was given but does not use, each a sentence for the header.
    notes: tuple[str, ...] = ()

    @property
    def replay_options(self) -> str | None:
        """The options that send this run's requests again, for a run that used a seed."""
        return None if self.seed is None else f"{LIVE_OPTION} {SEED_OPTION}={self.seed}"

    @property
    def source(self) -> str:
        if self.seed is None:
            return "fixed"
        return "user" if self.seed_from_user else "drawn"

    def describe(self) -> str:
        cases = f"{plural(self.max_examples, 'generated case')} per operation"
        if self.seed is None:
            return f"fixed (no seed, the same requests on every run), {cases}"
        chosen = f"chosen with {SEED_OPTION}" if self.seed_from_user else "drawn for this run"
        return f"seed {self.seed} ({chosen}), {cases}; the same requests again: {self.replay_options}"

    def header(self) -> list[str]:
        return [f"sendcloud-contracts: generation {self.describe()}", *self.notes]

    def as_json(self) -> dict[str, object]:
        return {
            "seed": self.seed,
            "seed_source": self.source,
            "max_examples": self.max_examples,
            "replay_options": self.replay_options,
        }


def resolve_generation(
    mode: Mode,
    seed_option: str | None,
    environ: Mapping[str, str],
    recorded_max_examples: int | None,
    default_max_examples: int = DEFAULT_MAX_EXAMPLES,
) -> Generation:
    """The run's generation; `recorded_max_examples` is the recording's number (replay only), and
    `default_max_examples` the document's number when `SENDCLOUD_MAX_EXAMPLES` names none."""
    if seed_option is not None and mode is not Mode.LIVE:
        raise ConfigurationError(
            f"{SEED_OPTION}={seed_option} is for live runs only: a {mode} run sends the recorded "
            f"requests, generated without a seed so recordings do not churn. Drop {SEED_OPTION}, "
            f"or send that seed's requests to the live API with "
            f"`{tox_command('live', f'{SEED_OPTION}={seed_option}')}`"
        )
    if mode is Mode.REPLAY:
        return _replay_generation(recorded_max_examples, environ)
    max_examples = max_examples_from_environment(environ, default_max_examples)
    if mode is Mode.RECORD:
        return Generation(max_examples)
    if seed_option is None:
        return Generation(max_examples, seed=secrets.randbits(SEED_BITS))
    return Generation(max_examples, seed=parse_seed(seed_option), seed_from_user=True)


def parse_seed(raw: str) -> int:
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise ConfigurationError(
            f"{SEED_OPTION}={raw!r} is not a seed; expected a whole number as a live run's header "
            f"prints it, e.g. {SEED_OPTION}=2718281828"
        )
    return int(text)


def _replay_generation(recorded: int | None, environ: Mapping[str, str]) -> Generation:
    if recorded is None:
        raise ValueError("a replay needs the number of cases its recording was made with")
    asked = environ.get(MAX_EXAMPLES_VARIABLE, "").strip()
    if not asked or asked == str(recorded):
        return Generation(recorded)
    note = (
        f"sendcloud-contracts: replay generates the recorded {recorded} cases per operation "
        f"({METADATA_FILE}); {MAX_EXAMPLES_VARIABLE}={asked} applies to live runs and recordings"
    )
    return Generation(recorded, notes=(note,))
