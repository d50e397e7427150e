"""API v3's catalogue faults bend what they say, and the rest of the double stays faithful."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from requests.utils import parse_header_links

from sendcloud_contracts.double import DoubleApp, Request
from sendcloud_contracts.double.catalogue.faults import CATALOGUE, playing, variant
from sendcloud_contracts.double.catalogue.list_faults import OTHER_HOST
from sendcloud_contracts.double.catalogue.v3_agreement import V3_AGREEMENT
from sendcloud_contracts.double.catalogue.v3_faults import STALE_FEEDBACK_TYPE, STALE_ID, V3_FAULTS
from sendcloud_contracts.double.catalogue.v3_variations import V3_VARIATIONS
from sendcloud_contracts.double.catalogue.variant import V3_SPEC, Kind, valid_basic_credentials

from ..conftest import ROOT
from .test_double_v3 import SEEDED_IDS, ask, data

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double import Reply

WRONG = "Basic eDp5"
# The rules of the v3 suite, each of which some fault must break (`[rule] field: Received: ...`).
RULES = (
    "wrapper",
    "error_envelope",
    "requested_integration",
    "timestamp",
    "authentication",
    "pagination",
    "sorting",
    "consistency",
    "response_schema",
)


def body(reply: Reply) -> Any:
    return json.loads(reply.body)


def next_link(reply: Reply) -> str | None:
    links = [
        link for link in parse_header_links(reply.headers.get("Link", "")) if "next" in link.get("rel", "")
    ]
    return str(links[0]["url"]) if links else None


def walk(app: DoubleApp, path: str, query: str = "page_size=2", most: int = 6) -> list[list[dict[str, Any]]]:
    """The pages of a list of logs, following `Link rel="next"` up to `most` pages."""
    pages: list[list[dict[str, Any]]] = []
    while len(pages) < most:
        reply = ask(app, path, query)
        assert reply.status == 200, reply.body
        pages.append(body(reply)["data"])
        link = next_link(reply)
        if link is None:
            break
        query = urlsplit(link).query
    return pages


def error_replies(app: DoubleApp) -> list[Reply]:
    """A 404, a 400 and a 401 of API v3."""
    replies = [
        ask(app, "/integrations/6"),
        ask(app, "/shop-order-statuses"),
        ask(app, "/integrations/4711", authorization=None),
    ]
    assert [reply.status for reply in replies] == [404, 400, 401]
    return replies


def every_error(check: Callable[[Reply], bool]) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        for reply in error_replies(app):
            assert check(reply), reply.body

    return expectation


def unwrapped(app: DoubleApp) -> None:
    bare = body(ask(app, "/integrations/4711"))
    assert bare == data(DoubleApp(), "/integrations/4711")
    assert "data" in body(ask(app, "/integrations"))


def v2_envelope(app: DoubleApp) -> None:
    assert body(ask(app, "/integrations/6")) == {
        "error": {
            "code": 404,
            "request": "api/v3/integrations/6",
            "message": "The Integration could not be found with the search criteria given",
        }
    }


def another_integration(app: DoubleApp) -> None:
    for asked in SEEDED_IDS:
        assert data(app, f"/integrations/{asked}")["id"] != asked


def another_mapping(app: DoubleApp) -> None:
    for asked in SEEDED_IDS:
        answered = data(app, "/shop-order-statuses/mapping", f"integration_id={asked}")
        assert answered["integration_id"] != asked
        assert len(answered["mapping"]) == 4


def another_integrations_logs(app: DoubleApp) -> None:
    pages = walk(app, "/integrations/4711/logs")
    owners = {log["integration_id"] for page in pages for log in page}
    assert len(pages) == 2
    assert owners == {90210}
    assert {log["integration_id"] for log in data(app, "/integrations/logs")} == set(SEEDED_IDS)


def no_offset(app: DoubleApp) -> None:
    for item in [data(app, "/integrations/123"), *data(app, "/integrations")]:
        assert datetime.fromisoformat(item["updated_at"]).tzinfo is None
        assert datetime.fromisoformat(item["created_at"]).tzinfo is not None


def human_log_dates(app: DoubleApp) -> None:
    stamps = [log["created_at"] for page in walk(app, "/integrations/logs") for log in page]
    assert len(stamps) == 12
    assert all(re.fullmatch(r"\d{2}/03/2023 \d{2}:02", stamp) for stamp in stamps), stamps


def credentials_ignored(*, without_credentials: int) -> Callable[[DoubleApp], None]:
    def expectation(app: DoubleApp) -> None:
        assert ask(app, "/integrations/4711", authorization=WRONG).status == 200
        assert ask(app, "/integrations/4711", authorization="Bearer nope").status == 200
        assert ask(app, "/integrations/4711", authorization=None).status == without_credentials
        assert app.handle(v2_request("/api/v2/integrations/4711", authorization=None)).status == 401

    return expectation


def loops(app: DoubleApp) -> None:
    pages = walk(app, "/integrations/4711/logs", most=3)
    assert len(pages) == 3
    assert pages[2] == pages[0] != pages[1]
    assert len(walk(app, "/integrations/4711/logs", "page_size=5")) == 1, "a one-page list has no Link"


def leaves_the_host(app: DoubleApp) -> None:
    link = next_link(ask(app, "/integrations/logs", "page_size=2"))
    assert link is not None
    assert (urlsplit(link).scheme, urlsplit(link).netloc) == ("https", OTHER_HOST)


def repeats_an_item(app: DoubleApp) -> None:
    pages = walk(app, "/integrations/4711/logs")
    assert [[log["id"] for log in page] for page in pages] == [[471103, 471102], [471102, 471101]]


def page_size_ignored(app: DoubleApp) -> None:
    reply = ask(app, "/integrations/4711/logs", "page_size=2")
    assert (len(body(reply)["data"]), "Link" in reply.headers) == (3, False)
    assert len(data(app, "/integrations/logs", "page_size=1")) == 12


def order(app: DoubleApp, query: str) -> list[int]:
    return [item["id"] for item in data(app, "/integrations", query)]


def sort_ignored(app: DoubleApp) -> None:
    faithful = DoubleApp()
    assert order(faithful, "sort=-created_at") != order(faithful, "")
    for asked in ("sort=-created_at", "sort=integration_type", "sort=-updated_at"):
        assert order(app, asked) == order(faithful, "")


def descending_ignored(app: DoubleApp) -> None:
    faithful = DoubleApp()
    assert (
        order(app, "sort=-created_at")
        == order(faithful, "sort=created_at")
        != order(faithful, "sort=-created_at")
    )
    assert order(app, "sort=integration_type") == order(faithful, "sort=integration_type")


def stale_feedback_type(app: DoubleApp) -> None:
    listed = {item["id"]: item for item in data(app, "/integrations")}
    assert listed[STALE_ID]["feedback_type"] == STALE_FEEDBACK_TYPE
    assert data(app, f"/integrations/{STALE_ID}")["feedback_type"] == "delayed"
    assert [item["id"] for item in data(app, "/integrations")].index(STALE_ID) == 3


def no_translations(app: DoubleApp) -> None:
    listed = data(app, "/shop-order-statuses", "integration_id=123&show_deleted=true")
    assert len(listed) == 6
    assert all(status["translations"] == [] for status in listed)


def ids_as_strings(app: DoubleApp) -> None:
    assert data(app, "/integrations/123")["id"] == "123"
    assert {item["id"] for item in data(app, "/integrations")} == {str(each) for each in SEEDED_IDS}


def logs_without_base_url(app: DoubleApp) -> None:
    assert all(
        "base_url" not in log and "id" in log for page in walk(app, "/integrations/logs") for log in page
    )


V3_FAULT_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "v3-integration-unwrapped": unwrapped,
    "v3-error-status-as-integer": every_error(lambda reply: errors_of(reply)[0]["status"] == reply.status),
    "v3-errors-in-v2-envelope": v2_envelope,
    "v3-error-without-code": every_error(lambda reply: "code" not in errors_of(reply)[0]),
    "v3-error-without-detail": every_error(lambda reply: "detail" not in errors_of(reply)[0]),
    "v3-wrong-integration": another_integration,
    "v3-mapping-of-another-integration": another_mapping,
    "v3-logs-of-another-integration": another_integrations_logs,
    "v3-updated-at-without-offset": no_offset,
    "v3-log-date-malformed": human_log_dates,
    "v3-auth-ignored": credentials_ignored(without_credentials=200),
    "v3-wrong-credentials-accepted": credentials_ignored(without_credentials=401),
    "v3-list-disagrees-with-item": stale_feedback_type,
    "v3-status-without-translations": no_translations,
    "v3-id-as-string": ids_as_strings,
    "v3-log-without-base-url": logs_without_base_url,
    "v3-link-loops": loops,
    "v3-link-on-another-host": leaves_the_host,
    "v3-cursor-repeats-an-item": repeats_an_item,
    "v3-page-size-ignored": page_size_ignored,
    "v3-sort-ignored": sort_ignored,
    "v3-sort-descending-ignored": descending_ignored,
}


def errors_of(reply: Reply) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = body(reply)["errors"]
    return listed


def v2_request(path: str, authorization: str | None = "") -> Request:
    """A GET of API v2, with the right credentials unless told otherwise."""
    headers = (
        {}
        if authorization is None
        else {"Authorization": authorization or valid_basic_credentials(DoubleApp())}
    )
    return Request("GET", path, "", headers)


# What each v3 fault may change among these answers; every other answer is the faithful double's.
PROBES: dict[str, tuple[str, str, str | None]] = {
    "list": ("/integrations", "sort=-created_at", ""),
    "integration": ("/integrations/4711", "", ""),
    "all logs": ("/integrations/logs", "page_size=2", ""),
    "last page": (
        "/integrations/4711/logs",
        "page_size=2&cursor=2023-03-02T02%3A02%3A31.000002%2B01%3A00",
        "",
    ),
    "statuses": ("/shop-order-statuses", "integration_id=4711&show_deleted=true", ""),
    "mapping": ("/shop-order-statuses/mapping", "integration_id=4711", ""),
    "not found": ("/integrations/6", "", ""),
    "unauthorized": ("/integrations/4711", "", None),
    "wrong credentials": ("/integrations/4711", "", WRONG),
    "options": ("/integrations/4711", "", "OPTIONS"),
}
ERRORS = {"not found", "unauthorized", "wrong credentials"}
BENT: dict[str, set[str]] = {
    "v3-integration-unwrapped": {"integration"},
    "v3-error-status-as-integer": ERRORS,
    "v3-errors-in-v2-envelope": ERRORS,
    "v3-error-without-code": ERRORS,
    "v3-error-without-detail": ERRORS,
    "v3-wrong-integration": {"integration"},
    "v3-mapping-of-another-integration": {"mapping"},
    "v3-logs-of-another-integration": {"last page"},
    "v3-updated-at-without-offset": {"list", "integration"},
    "v3-log-date-malformed": {"all logs", "last page"},
    "v3-auth-ignored": {"unauthorized", "wrong credentials"},
    "v3-wrong-credentials-accepted": {"wrong credentials"},
    "v3-list-disagrees-with-item": {"list"},
    "v3-status-without-translations": {"statuses"},
    "v3-id-as-string": {"list", "integration"},
    "v3-log-without-base-url": {"all logs", "last page"},
    "v3-link-loops": {"last page"},
    "v3-link-on-another-host": {"all logs"},
    "v3-cursor-repeats-an-item": {"last page"},
    "v3-page-size-ignored": {"all logs"},
    "v3-sort-ignored": {"list"},
    "v3-sort-descending-ignored": {"list"},
}


def probe(app: DoubleApp, name: str) -> tuple[int, dict[str, str], bytes]:
    path, query, how = PROBES[name]
    if how == "OPTIONS":
        reply = ask(app, path, query, method="OPTIONS")
    else:
        reply = ask(app, path, query, authorization=how)
    return reply.status, reply.headers, reply.body


def test_the_v3_catalogue_breaks_every_rule_with_enough_faults() -> None:
    assert len(V3_FAULTS) >= 15
    assert len(V3_VARIATIONS) >= 5
    assert {entry.kind for entry in V3_FAULTS} == {Kind.FAULT}
    assert {entry.kind for entry in V3_VARIATIONS} == {Kind.VALID}
    for rule in RULES:
        assert any(f"[{rule}]" in fragment for entry in V3_FAULTS for fragment in entry.caught_by), rule
    envelope = [entry for entry in V3_FAULTS if any("[error_envelope]" in each for each in entry.caught_by)]
    assert len(envelope) >= 2


def test_every_v3_entry_runs_with_the_v3_document_and_names_its_exit_code() -> None:
    # The write contract's v3 entries are its own (`test_write_faults.py`).
    v3 = [entry for entry in CATALOGUE if entry.spec == V3_SPEC and entry.writes is None]
    assert [entry.name for entry in v3] == [
        entry.name for entry in (*V3_FAULTS, *V3_VARIATIONS, *V3_AGREEMENT)
    ]
    assert all(entry.name.startswith("v3-") for entry in [*V3_FAULTS, *V3_VARIATIONS])
    assert all(entry.name.startswith(("v3-", "v2-")) for entry in V3_AGREEMENT)
    assert {entry.expected_exit_code for entry in V3_FAULTS} == {1}
    assert {entry.expected_exit_code for entry in V3_VARIATIONS} == {0}
    assert (ROOT / V3_SPEC).is_file()
    assert set(V3_FAULT_EXPECTATIONS) == set(BENT) == {entry.name for entry in V3_FAULTS}


@pytest.mark.parametrize("name", [entry.name for entry in V3_FAULTS])
def test_a_v3_fault_bends_only_what_it_says(name: str) -> None:
    faithful, bent = DoubleApp(), playing(name)
    changed = {each for each in PROBES if probe(bent, each) != probe(faithful, each)}
    assert changed == BENT[name]
    for path in ("/api/v2/integrations/4711", "/api/v2/integrations", "/api/v2/integrations/logs"):
        assert bent.handle(v2_request(path)).body == faithful.handle(v2_request(path)).body, path


@pytest.mark.parametrize("name", [entry.name for entry in V3_FAULTS])
def test_every_v3_fault_says_how_a_failure_must_name_it(name: str) -> None:
    fragments = variant(name).caught_by
    assert fragments
    assert all(fragment.strip() for fragment in fragments)
    assert any(fragment.startswith("[") for fragment in fragments), "at least one names its rule"
