"""The rules on the complete document's paginated operations: `null` links, and nothing more."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.model import Exchange
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

pytestmark = pytest.mark.rules

COMPLETE = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
LINK = "https://panel.sendcloud.sc/api/v2/integrations/logs?cursor=cD0y"


def logs_page(results: Any = (), **links: Any) -> Exchange:
    body = {**links, "results": list(results) if isinstance(results, tuple) else results}
    path = "/api/v2/integrations/logs"
    return Exchange("GET", path, 200, "application/json", json.dumps(body).encode(), "/integrations/logs", {})


@pytest.mark.parametrize(
    "links",
    [
        {"next": None, "previous": None},
        {"next": LINK, "previous": None},
        {},
        {"next": LINK, "previous": LINK},
    ],
    ids=["both-null", "last-null", "absent", "both-links"],
)
def test_null_or_absent_links_keep_the_contract(links: dict[str, Any]) -> None:
    assert violations(logs_page(**links), COMPLETE) == []


@pytest.mark.parametrize("value", [7, "", ["x"]])
def test_a_link_of_another_type_is_still_a_failure(value: Any) -> None:
    found = {(violation.rule, violation.field) for violation in violations(logs_page(next=value), COMPLETE)}
    # An empty string is also no link to follow (the pagination rule's).
    assert found == {("response_schema", "next"), *([("pagination", "next")] if value == "" else [])}


def test_null_is_accepted_only_for_the_links() -> None:
    exchange = logs_page(results=None, next=None, previous=None)
    assert [(found.rule, found.field) for found in violations(exchange, COMPLETE)] == [
        ("response_schema", "results")
    ]


def test_the_operation_must_be_paginated() -> None:
    assert COMPLETE.is_paginated("/integrations/logs", "GET")
    assert COMPLETE.is_paginated("/integrations/{id}/shipments", "get")
    assert not COMPLETE.is_paginated("/integrations", "GET")
    assert not COMPLETE.is_paginated("/integrations/logs", "POST")
