"""Whether two versions of the API tell the same story about one account, asked back to back.

A run of a version that replaced another (v3, after v2) asks both for each known integration and
for both lists, and compares them (`rules/agreement.py`): at most two requests per known id and
two lists. The newer version's answers are held to its rules as well. Where the older version is
closed for the account (the same 404 or 410 for every request) or switched off
(`SENDCLOUD_V2_BASE_URL=none`), the comparison is skipped with one line, never failed. A document
of a version that replaced none deselects the test, and the run header says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.dialects import predecessor_variable
from sendcloud_contracts.pytest_plugin.consistency import fetch
from sendcloud_contracts.pytest_plugin.selection import deselect_on_purpose
from sendcloud_contracts.rules import schemathesis_checks
from sendcloud_contracts.rules.agreement import RULE, Side, disagreements, id_sets, stated_renames
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.hygiene_findings import HygieneFinding
from sendcloud_contracts.rules.model import Violation

if TYPE_CHECKING:
    from requests.auth import AuthBase

    from sendcloud_contracts.dialects import Dialect
    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.suite import SuiteState
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Exchange
    from sendcloud_contracts.spec import Spec

TEST_NAME = "test_versions_agree"
OK = 200
# What a version closed for an account answers every request with (inferred: nobody has seen it).
CLOSED = (404, 410)


def _off(newer: Dialect, older: Dialect) -> str:
    variable = predecessor_variable(older)
    return f"the comparison of API {newer.name} with API {older.name} is off ({variable}=none)"


def header(spec: Spec, target: Target) -> list[str]:
    newer, older = spec.dialect, spec.dialect.predecessor
    if older is None:
        return []
    if target.predecessor_url is None:
        return [f"sendcloud-contracts: {_off(newer, older)}"]
    return [
        f"sendcloud-contracts: API {newer.name} is compared with API {older.name} of the same account at "
        f"{target.predecessor_url} ({predecessor_variable(older)}; none turns it off)"
    ]


# First, before `-k`, `-m` and `--deselect`: what the suite leaves out on purpose is counted as such.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    left_out = [item for item in items if getattr(item, "originalname", item.name) == TEST_NAME]
    reports = config.pluginmanager.get_plugin("sendcloud-contracts-reports")
    state: SuiteState | None = getattr(reports, "state", None)
    # An unresolved run stops with its one line (the plugin's hook); a v3 document keeps the test.
    if not left_out or state is None or not state.resolve() or state.spec.dialect.predecessor is not None:
        return
    # A version that replaced none has nothing to agree with; not a test that could fail.
    deselect_on_purpose(config, items, left_out)


# One pair of answers to the same question, each with its reproduction: (newer, curl, older, curl).
Asked = tuple["Exchange", str, "Exchange", str]


def _payload(answer: Exchange, dialect: Dialect) -> dict[str, Any] | None:
    payload = dialect.payload(answer.json) if answer.status == OK else None
    return payload if isinstance(payload, dict) else None


def _entries(answer: Exchange, dialect: Dialect) -> dict[int, dict[str, Any]]:
    """A list's entries by their id (entries without an integer id are not compared)."""
    listed = dialect.payload(answer.json) if answer.status == OK else None
    if isinstance(listed, dict):
        listed = dialect.paging.items(answer.json)
    identity = dialect.resource.identity
    entries = [entry for entry in listed if isinstance(entry, dict)] if isinstance(listed, list) else []
    return {entry[identity]: entry for entry in entries if type(entry.get(identity)) is int}


def _ask(run: ContractRun, target: Target, auth: AuthBase) -> tuple[list[Asked], Asked]:
    """Each known integration of both versions back to back, then both lists."""
    newer, older = run.spec.dialect, run.spec.dialect.predecessor
    assert older is not None
    assert target.predecessor_url is not None
    items: list[Asked] = []
    for integration_id in target.integration_ids:
        newer_url = newer.resource.item_url(target.base_url, integration_id)
        older_url = older.resource.item_url(target.predecessor_url, integration_id)
        items.append(
            (
                *fetch(run, newer_url, newer.resource.item_path, auth),
                *fetch(run, older_url, older.resource.item_path, auth),
            )
        )
    lists = (
        *fetch(run, newer.resource.list_url(target.base_url), newer.resource.list_path, auth),
        *fetch(run, older.resource.list_url(target.predecessor_url), older.resource.list_path, auth),
    )
    return items, lists


def compare(run: ContractRun, target: Target, auth: AuthBase) -> None:
    """Ask both versions, back to back, and fail with every fact they state differently."""
    newer, older = run.spec.dialect, run.spec.dialect.predecessor
    assert older is not None
    if target.predecessor_url is None:
        run.notes.append(_off(newer, older))
        pytest.skip(_off(newer, older))
    items, lists = _ask(run, target, auth)
    older_statuses = {answer.status for _newer, _curl, answer, _older_curl in [*items, lists]}
    if len(older_statuses) == 1 and older_statuses <= set(CLOSED):
        reason = (
            f"the comparison with API {older.name} was skipped: every API {older.name} request answered "
            f"{older_statuses.pop()} (API {older.name} is closed for this account)"
        )
        run.notes.append(reason)
        pytest.skip(reason)
    # Each violation with how to send both requests again, and the newer version's answer that showed it.
    found: dict[Violation, tuple[str, Exchange]] = {}
    renames = stated_renames(run.spec)
    for newer_answer, newer_curl, older_answer, older_curl in [*items, lists]:
        both = (f"{newer_curl} ; {older_curl}", newer_answer)
        found.update(dict.fromkeys(violations(newer_answer, run.spec), (newer_curl, newer_answer)))
        found.update(dict.fromkeys(_answered_alike(newer_answer, older_answer, newer, older), both))
        for newer_side, older_side, label in _pairs(newer_answer, older_answer, newer, older):
            for violation, inferred in disagreements(newer_side, older_side, renames, label):
                if inferred:
                    note = f"{violation} (the pairing is inferred)"
                    run.hygiene.append(HygieneFinding(RULE, label, note, kind="unconfirmed"))
                else:
                    found[violation] = both
    newer_list, newer_curl, older_list, older_curl = lists
    sets = id_sets(
        Side(newer.name, newer_list.path, {}),
        list(_entries(newer_list, newer)),
        Side(older.name, older_list.path, {}),
        list(_entries(older_list, older)),
    )
    found.update(dict.fromkeys(sets, (f"{newer_curl} ; {older_curl}", newer_list)))
    if not found:
        run.notes.append(
            f"API {newer.name} and API {older.name} agree: {len(items)} integrations and both lists "
            f"({newer_list.path}, {older_list.path}), field by field"
        )
    schemathesis_checks.judge(
        run,
        newer_list,
        list(found),
        f"GET {newer.resource.item_path} of API {newer.name} and {older.name}",
        {violation: curl for violation, (curl, _answer) in found.items()},
        context=f"API {newer.name} compared with API {older.name} of the same account:",
        checked=(RULE,),
        answers={violation: answer for violation, (_curl, answer) in found.items()},
        requests={violation: f"GET {answer.path}" for violation, (_curl, answer) in found.items()},
    )


def _answered_alike(
    newer_answer: Exchange, older_answer: Exchange, newer: Dialect, older: Dialect
) -> list[Violation]:
    """Both versions answer with what they are asked for, or neither does."""
    if (_payload(newer_answer, newer) is None) == (_payload(older_answer, older) is None):
        return []
    return [
        Violation(
            RULE,
            f"{newer.name} GET {newer_answer.path} / {older.name} GET {older_answer.path}",
            f"{newer_answer.status} ({newer.name})",
            f"{older_answer.status}, as {older.name} answers",
            "One version answers what the other does not",
        )
    ]


def _pairs(
    newer_answer: Exchange, older_answer: Exchange, newer: Dialect, older: Dialect
) -> list[tuple[Side, Side, str]]:
    """What the two answers say about the same integrations: the item, or each entry both lists hold."""
    newer_one, older_one = _payload(newer_answer, newer), _payload(older_answer, older)
    if newer_answer.operation_path == newer.resource.item_path:
        if newer_one is None or older_one is None:
            return []
        label = f"integration {older_answer.path.rstrip('/').rsplit('/', 1)[-1]}"
        return [
            (
                Side(newer.name, newer_answer.path, newer_one),
                Side(older.name, older_answer.path, older_one),
                label,
            )
        ]
    newer_entries, older_entries = _entries(newer_answer, newer), _entries(older_answer, older)
    return [
        (
            Side(newer.name, newer_answer.path, entry),
            Side(older.name, older_answer.path, older_entries[key]),
            f"list entry {key}",
        )
        for key, entry in newer_entries.items()
        if key in older_entries
    ]
