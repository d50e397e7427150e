"""Accepted deviations: which violations an entry silences, for how long, and what a bad file says."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.rules.deviations import Deviation, DeviationLedger, load_deviations
from sendcloud_contracts.rules.model import Violation

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.rules

# Not the real date, which a ledger without one falls back to.
TODAY = date(2024, 2, 29)
EMPTY_SHOP_URL = Violation("response_schema", "shop_url", '""', '"" is shorter than 1 character')


def entry(
    rule: str = "response_schema",
    field: str = "shop_url",
    received: str | None = None,
    until: date = TODAY + timedelta(days=30),
) -> Deviation:
    return Deviation(rule, field, "reported upstream", until, received)


def test_an_entry_accepts_its_rule_and_field_with_any_value_when_it_names_none() -> None:
    assert entry().matches(EMPTY_SHOP_URL)
    assert entry().matches(Violation("response_schema", "shop_url", '"x"', "a URI"))


def test_an_entry_does_not_accept_the_same_field_under_another_rule() -> None:
    assert not entry(rule="timestamp").matches(EMPTY_SHOP_URL)


def test_an_entry_does_not_accept_another_field_under_the_same_rule() -> None:
    assert not entry(field="webhook_url").matches(EMPTY_SHOP_URL)


def test_an_entry_naming_a_value_accepts_only_that_value() -> None:
    assert entry(received='""').matches(EMPTY_SHOP_URL)
    assert not entry(received='""').matches(Violation("response_schema", "shop_url", '"x"', "a URI"))


def test_an_entry_reads_rule_field_value_end_date_and_reason() -> None:
    assert str(entry(received='""')) == 'response_schema shop_url = "" (until 2024-03-30: reported upstream)'
    assert str(entry()) == "response_schema shop_url (until 2024-03-30: reported upstream)"


def test_an_entry_is_current_through_its_end_date_and_expired_the_day_after() -> None:
    ending_today, ended_yesterday = entry(until=TODAY), entry(field="webhook_url", until=TODAY - timedelta(1))
    ledger = DeviationLedger([ending_today, ended_yesterday], TODAY)
    assert ledger.expired() == [ended_yesterday]
    assert ledger.unaccepted([EMPTY_SHOP_URL]) == []


def test_an_expired_entry_accepts_nothing_and_counts_nothing() -> None:
    expired = entry(until=TODAY - timedelta(days=1))
    ledger = DeviationLedger([expired], TODAY)
    assert ledger.unaccepted([EMPTY_SHOP_URL]) == [EMPTY_SHOP_URL]
    assert ledger.occurrences[expired] == 0


def test_an_expired_entry_is_reported_as_expired_not_as_stale() -> None:
    expired = entry(until=TODAY - timedelta(days=1))
    assert DeviationLedger([expired], TODAY).stale() == []


def test_every_accepted_occurrence_is_counted_and_the_rest_returned_in_order() -> None:
    accepted = entry(received='""')
    ledger = DeviationLedger([accepted], TODAY)
    other = Violation("timestamp", "last_fetch", '"yesterday"', "RFC 3339")
    wrong_value = Violation("response_schema", "shop_url", '"x"', "a URI")
    assert ledger.unaccepted([EMPTY_SHOP_URL, other, EMPTY_SHOP_URL, wrong_value]) == [other, wrong_value]
    assert ledger.occurrences[accepted] == 2
    assert ledger.unaccepted([EMPTY_SHOP_URL]) == []
    assert ledger.occurrences[accepted] == 3


def test_a_current_entry_that_accepted_nothing_is_stale_one_that_did_is_not() -> None:
    used, unused = entry(), entry(field="webhook_url", until=TODAY)
    ledger = DeviationLedger([used, unused], TODAY)
    ledger.unaccepted([EMPTY_SHOP_URL])
    assert ledger.stale() == [unused]


def test_a_ledger_without_a_date_judges_by_today() -> None:
    assert DeviationLedger([]).today == date.today()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "deviations.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_accepts_nothing(tmp_path: Path) -> None:
    ledger = load_deviations(tmp_path / "absent.toml", TODAY)
    assert ledger.entries == []
    assert ledger.today == TODAY


def test_a_file_of_comments_accepts_nothing(tmp_path: Path) -> None:
    assert load_deviations(write(tmp_path, "# nothing accepted yet\n"), TODAY).entries == []


def test_a_file_is_read_into_entries_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[[deviation]]
rule = "response_schema"
field = "shop_url"
received = '""'
reason = "reported upstream"
until = 2026-12-27

[[deviation]]
rule = "error_envelope"
field = "error.code"
received = 404
reason = "a number as text"
until = 2027-01-31
""",
    )
    ledger = load_deviations(path, TODAY)
    assert ledger.today == TODAY
    assert ledger.entries == [
        Deviation("response_schema", "shop_url", "reported upstream", date(2026, 12, 27), '""'),
        Deviation("error_envelope", "error.code", "a number as text", date(2027, 1, 31), "404"),
    ]


def test_an_entry_without_a_value_accepts_any_value(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[deviation]]\nrule = "timestamp"\nfield = "last_fetch"\nreason = "r"\nuntil = 2027-01-31\n',
    )
    assert load_deviations(path, TODAY).entries == [
        Deviation("timestamp", "last_fetch", "r", date(2027, 1, 31), None)
    ]


def test_a_file_that_is_not_toml_is_a_configuration_error_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path, "[[deviation]\nrule = ")
    with pytest.raises(ConfigurationError, match=rf"^{re.escape(str(path))}: not readable TOML \("):
        load_deviations(path, TODAY)


def test_a_file_that_is_not_utf8_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "deviations.toml"
    path.write_bytes(b'reason = "\xff"\n')
    with pytest.raises(ConfigurationError, match="not readable TOML"):
        load_deviations(path, TODAY)


def test_an_entry_missing_keys_names_each_of_them_and_its_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[deviation]]\nrule = "timestamp"\nfield = "f"\nreason = "r"\nuntil = 2027-01-31\n'
        '[[deviation]]\nfield = "f"\n',
    )
    with pytest.raises(ConfigurationError) as raised:
        load_deviations(path, TODAY)
    assert str(raised.value) == (
        f"{path}: deviation #2 lacks rule, reason, until; every entry says rule, field, reason, until"
    )


@pytest.mark.parametrize("missing", ["rule", "field", "reason", "until"])
def test_each_key_is_required(tmp_path: Path, missing: str) -> None:
    keys = {"rule": '"timestamp"', "field": '"f"', "reason": '"r"', "until": "2027-01-31"}
    body = "".join(f"{key} = {value}\n" for key, value in keys.items() if key != missing)
    with pytest.raises(ConfigurationError, match=f"deviation #1 lacks {missing};"):
        load_deviations(write(tmp_path, f"[[deviation]]\n{body}"), TODAY)


def test_an_unknown_rule_is_named_with_the_rules_there_are(tmp_path: Path) -> None:
    path = write(tmp_path, '[[deviation]]\nrule = "schema"\nfield = "f"\nreason = "r"\nuntil = 2027-01-31\n')
    with pytest.raises(ConfigurationError) as raised:
        load_deviations(path, TODAY)
    assert str(raised.value) == (
        f"{path}: deviation #1: rule 'schema' is unknown; expected one of: response_schema, timestamp, "
        "error_envelope, requested_integration, authentication, consistency"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "response_schema",
        "timestamp",
        "error_envelope",
        "requested_integration",
        "authentication",
        "consistency",
    ],
)
def test_every_rule_the_suite_reports_can_be_accepted(tmp_path: Path, rule: str) -> None:
    path = write(tmp_path, f'[[deviation]]\nrule = "{rule}"\nfield = "f"\nreason = "r"\nuntil = 2027-01-31\n')
    assert [item.rule for item in load_deviations(path, TODAY).entries] == [rule]


def test_an_end_date_that_is_not_a_date_is_named_with_an_example(tmp_path: Path) -> None:
    path = write(tmp_path, '[[deviation]]\nrule = "timestamp"\nfield = "f"\nreason = "r"\nuntil = "soon"\n')
    with pytest.raises(ConfigurationError) as raised:
        load_deviations(path, TODAY)
    assert str(raised.value) == (
        f"{path}: deviation #1: until = 'soon' is not a date; write e.g. until = 2027-03-31"
    )


def test_an_end_date_with_a_time_is_refused_not_a_crash_later(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[[deviation]]\nrule = "timestamp"\nfield = "f"\nreason = "r"\nuntil = 2027-03-31T12:00:00Z\n',
    )
    with pytest.raises(ConfigurationError, match=r"#1: until = datetime\.datetime\(2027, 3, 31, 12, 0"):
        load_deviations(path, TODAY)
