"""Replay tells requests apart exactly as vcrpy's method, scheme, host, port, path and query matchers do."""

from __future__ import annotations

import pytest
from vcr import matchers
from vcr.request import Request

from sendcloud_contracts.recordings.vcr_setup import same_request_line

VCR_MATCHERS = (matchers.method, matchers.scheme, matchers.host, matchers.port, matchers.path, matchers.query)
RECORDED = "https://panel.sendcloud.sc/api/v2/integrations/7/shipments?cursor=abc&start_date=2026-01-01"


def _vcr_says_same(sent: Request, recorded: Request) -> bool:
    return matchers.requests_match(sent, recorded, VCR_MATCHERS)


def _ours_says_same(sent: Request, recorded: Request) -> bool:
    try:
        same_request_line(sent, recorded)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize(
    ("method", "uri", "same"),
    [
        ("GET", RECORDED, True),
        (
            "GET",
            "https://panel.sendcloud.sc/api/v2/integrations/7/shipments?start_date=2026-01-01&cursor=abc",
            True,
        ),
        (
            "GET",
            "https://panel.sendcloud.sc:443/api/v2/integrations/7/shipments?cursor=abc&start_date=2026-01-01",
            True,
        ),
        ("HEAD", RECORDED, False),
        (
            "GET",
            "http://panel.sendcloud.sc/api/v2/integrations/7/shipments?cursor=abc&start_date=2026-01-01",
            False,
        ),
        (
            "GET",
            "https://panel.sendcloud.sc:8443/api/v2/integrations/7/shipments?cursor=abc&start_date=2026-01-01",
            False,
        ),
        (
            "GET",
            "https://other.example/api/v2/integrations/7/shipments?cursor=abc&start_date=2026-01-01",
            False,
        ),
        (
            "GET",
            "https://panel.sendcloud.sc/api/v2/integrations/8/shipments?cursor=abc&start_date=2026-01-01",
            False,
        ),
        (
            "GET",
            "https://panel.sendcloud.sc/api/v2/integrations/7/shipments?cursor=abd&start_date=2026-01-01",
            False,
        ),
        ("GET", "https://panel.sendcloud.sc/api/v2/integrations/7/shipments?cursor=abc", False),
        (
            "GET",
            "https://panel.sendcloud.sc/api/v2/integrations/7/shipments?cursor=abc&cursor=abc&start_date=2026-01-01",
            False,
        ),
        (
            "GET",
            "https://panel.sendcloud.sc/api/v2/integrations/7/shipments;v=1?cursor=abc&start_date=2026-01-01",
            True,
        ),
    ],
)
def test_the_cached_matcher_agrees_with_vcrpys_own(method: str, uri: str, same: bool) -> None:
    sent = Request(method, uri, None, {})
    recorded = Request("GET", RECORDED, None, {})
    assert _vcr_says_same(sent, recorded) is same
    assert _ours_says_same(sent, recorded) is same


def test_a_mismatch_names_both_requests() -> None:
    with pytest.raises(AssertionError, match=r"GET \S*/integrations/8 != GET \S*/integrations/7"):
        same_request_line(
            Request("GET", "https://panel.sendcloud.sc/api/v2/integrations/8", None, {}),
            Request("GET", "https://panel.sendcloud.sc/api/v2/integrations/7", None, {}),
        )
