"""The request budget: generated cases per operation are a setting with a documented default."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.pytest_plugin.budget import (
    DEFAULT_MAX_EXAMPLES,
    MAX_EXAMPLES_VARIABLE,
    max_examples_from_environment,
)

from .test_bad_input import assert_one_line_stop

if TYPE_CHECKING:
    from sendcloud_contracts.double import DoubleServer

    from ..conftest import SuiteRunner


def test_the_default_and_a_chosen_number() -> None:
    assert max_examples_from_environment({}) == DEFAULT_MAX_EXAMPLES == 25
    assert max_examples_from_environment({MAX_EXAMPLES_VARIABLE: " 3 "}) == 3


@pytest.mark.parametrize("raw", ["0", "-1", "2.5", "many", "٣"])
def test_a_value_that_is_not_a_positive_whole_number_is_refused(raw: str) -> None:
    with pytest.raises(ConfigurationError, match=f"{MAX_EXAMPLES_VARIABLE}=.* expected a whole number"):
        max_examples_from_environment({MAX_EXAMPLES_VARIABLE: raw})


def test_fewer_examples_send_fewer_requests(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One run per test: the seed's default run sends about 54 requests (25 generated cases).
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, "2")
    run_suite("--disable-recording").assert_outcomes(passed=7)
    assert len(target_double.requests) < 40


def test_a_bad_value_stops_the_run_before_any_request(
    run_suite: SuiteRunner, target_double: DoubleServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MAX_EXAMPLES_VARIABLE, "lots")
    assert_one_line_stop(run_suite("--disable-recording"), "ERROR:", MAX_EXAMPLES_VARIABLE)
    assert not target_double.requests
