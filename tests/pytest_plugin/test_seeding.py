"""Live runs explore with a fresh seed and can send a night's requests again; recordings stay fixed."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import Credentials, Mode, Target
from sendcloud_contracts.pytest_plugin.budget import DEFAULT_MAX_EXAMPLES, MAX_EXAMPLES_VARIABLE
from sendcloud_contracts.pytest_plugin.schemathesis_setup import schemathesis_config
from sendcloud_contracts.pytest_plugin.seeding import Generation, parse_seed, resolve_generation

from ..conftest import ROOT
from .test_bad_input import assert_one_line_stop

if TYPE_CHECKING:
    from pathlib import Path

    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner

SEED_LINE = re.compile(
    r"sendcloud-contracts: generation seed (\d+) \((drawn for this run|chosen with [^)]+)\)"
)
# Few cases per operation keep each live run short; the seed still decides every generated one.
FEW = "5"


def sent(double: DoubleServer) -> list[tuple[str, str, str]]:
    """What the double received, in order, and forget it for the next run."""
    requests = [(request.method, request.path, request.query) for request in double.requests]
    double.clear_log()
    return requests


def header_seed(result: pytest.RunResult) -> tuple[int, str]:
    matches = [SEED_LINE.search(line) for line in result.stdout.lines]
    found = [match for match in matches if match]
    assert len(found) == 1, result.stdout.str()
    return int(found[0][1]), found[0][2]


# What is resolved from the mode, the option and the environment.


def test_a_live_run_draws_a_seed_and_says_so() -> None:
    generation = resolve_generation(Mode.LIVE, None, {}, None)
    assert generation.seed is not None
    assert generation.source == "drawn"
    assert generation.max_examples == DEFAULT_MAX_EXAMPLES
    assert generation.replay_options == f"--disable-recording --hypothesis-seed={generation.seed}"
    assert f"seed {generation.seed} (drawn for this run)" in generation.describe()


def test_seeds_drawn_for_different_runs_differ() -> None:
    # 32 bits each: twenty draws that repeat one another would be a broken draw, not chance.
    seeds = {resolve_generation(Mode.LIVE, None, {}, None).seed for _ in range(20)}
    assert len(seeds) > 1


def test_a_seed_given_to_a_live_run_is_used_and_credited_to_the_user() -> None:
    generation = resolve_generation(Mode.LIVE, " 42 ", {MAX_EXAMPLES_VARIABLE: "7"}, None)
    assert (generation.seed, generation.source, generation.max_examples) == (42, "user", 7)
    assert "seed 42 (chosen with --hypothesis-seed)" in generation.header()[0]


@pytest.mark.parametrize("raw", ["abc", "-1", "1.5", "", "٣"])
def test_a_seed_that_is_not_a_whole_number_is_refused(raw: str) -> None:
    with pytest.raises(ConfigurationError, match=r"--hypothesis-seed=.* expected a whole number"):
        parse_seed(raw)


@pytest.mark.parametrize("mode", [Mode.RECORD, Mode.REPLAY])
def test_a_seed_is_refused_where_requests_must_be_the_recorded_ones(mode: Mode) -> None:
    with pytest.raises(ConfigurationError, match="--hypothesis-seed=42 is for live runs only"):
        resolve_generation(mode, "42", {}, DEFAULT_MAX_EXAMPLES)


def test_recording_generates_without_a_seed_and_the_number_asked_for() -> None:
    generation = resolve_generation(Mode.RECORD, None, {MAX_EXAMPLES_VARIABLE: "3"}, None)
    assert generation == Generation(3)
    assert generation.replay_options is None
    assert generation.describe().startswith("fixed (no seed")


def test_replay_generates_the_recorded_number_whatever_the_environment_says() -> None:
    assert resolve_generation(Mode.REPLAY, None, {}, 7) == Generation(7)
    assert resolve_generation(Mode.REPLAY, None, {MAX_EXAMPLES_VARIABLE: "7"}, 7) == Generation(7)
    for asked in ("10", "lots"):
        generation = resolve_generation(Mode.REPLAY, None, {MAX_EXAMPLES_VARIABLE: asked}, 7)
        assert generation.max_examples == 7
        assert generation.header()[1] == (
            "sendcloud-contracts: replay generates the recorded 7 cases per operation (recording.json); "
            f"SENDCLOUD_MAX_EXAMPLES={asked} applies to live runs and recordings"
        )


def test_schemathesis_is_deterministic_without_a_seed_and_follows_one_given() -> None:
    target = Target("http://127.0.0.1:1/api/v2", (123,), "basic", "", Credentials("public", "secret"))
    fixed = schemathesis_config(target, Generation(25))
    assert fixed.projects.default.generation.deterministic
    assert not fixed.projects.default.has_explicit_seed
    seeded = schemathesis_config(target, Generation(25, seed=1234))
    assert not seeded.projects.default.generation.deterministic
    assert (seeded.seed, seeded.projects.default.has_explicit_seed) == (1234, True)


# Live runs against the double.


def test_two_live_runs_with_the_same_seed_send_the_same_requests(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, FEW)
    first = run_suite("--disable-recording", "--hypothesis-seed=1234", "-v")
    first.assert_outcomes(passed=7)
    assert header_seed(first) == (1234, "chosen with --hypothesis-seed")
    requests = sent(target_double)
    run_suite("--disable-recording", "--hypothesis-seed=1234").assert_outcomes(passed=7)
    assert sent(target_double) == requests
    run_suite("--disable-recording", "--hypothesis-seed=4321").assert_outcomes(passed=7)
    assert sent(target_double) != requests


def test_a_live_night_is_sent_again_with_the_seed_it_printed(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, FEW)
    nights = []
    for _ in range(2):
        result = run_suite("--disable-recording", "-v", draw_seed=True)
        result.assert_outcomes(passed=7)
        seed, chosen = header_seed(result)
        assert chosen == "drawn for this run"
        nights.append((seed, sent(target_double)))
    (first_seed, first_requests), (second_seed, second_requests) = nights
    assert first_seed != second_seed
    # Different seeds, different requests: the drawn seed is the one generation used.
    assert first_requests != second_requests
    run_suite("--disable-recording", f"--hypothesis-seed={first_seed}").assert_outcomes(passed=7)
    assert sent(target_double) == first_requests


def test_the_reports_say_how_to_send_a_live_nights_requests_again(
    run_suite: SuiteRunner, target_double: DoubleServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, FEW)
    seed, _ = header_seed(run_suite("--disable-recording", "-v", draw_seed=True))
    replay = f"--disable-recording --hypothesis-seed={seed}"
    summary = (tmp_path / "reports" / "summary.md").read_text(encoding="utf-8")
    assert f"- Generation: seed {seed} (drawn for this run), 5 generated cases per operation" in summary
    assert replay in summary
    outcome = json.loads((tmp_path / "reports" / "run.json").read_text(encoding="utf-8"))
    assert outcome["generation"] == {
        "seed": seed,
        "seed_source": "drawn",
        "max_examples": 5,
        "replay_options": replay,
    }


@pytest.mark.parametrize("mode", ["--record-mode=rewrite", "--record-mode=none"])
def test_a_seed_outside_a_live_run_stops_it_before_any_request(
    run_suite: SuiteRunner, target_double: DoubleServer, mode: str
) -> None:
    # Replay reads the seed document's committed recordings; recording would write a scratch folder.
    cassettes = ROOT / "cassettes-seed" if mode == "--record-mode=none" else None
    result = run_suite(mode, "--hypothesis-seed=1234", cassette_dir=cassettes)
    line = assert_one_line_stop(result, "ERROR:", "--hypothesis-seed=1234 is for live runs only")
    assert "`python3 -m tox -e live -- --hypothesis-seed=1234`" in line
    assert not target_double.requests
