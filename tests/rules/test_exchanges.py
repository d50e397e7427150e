"""One builder for every `Exchange`: answers from schemathesis, requests and cassettes look alike."""

from __future__ import annotations

import pytest

from sendcloud_contracts.rules.exchanges import exchange

pytestmark = pytest.mark.rules


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [("application/json", "application/json"), (["text/html", "x"], "text/html"), ([], ""), (None, "")],
)
def test_content_type_comes_from_a_header_value_or_a_recorded_list(
    content_type: str | list[str] | None, expected: str
) -> None:
    built = exchange(
        method="GET",
        url="https://host/api/v2/integrations/7?x=1",
        status=200,
        content_type=content_type,
        body=None,
        operation_path="/integrations/{id}",
        path_parameters={"id": 7},
    )
    assert (built.path, built.content_type, built.body) == ("/api/v2/integrations/7", expected, b"")


@pytest.mark.parametrize(("body", "expected"), [(b"\x00{}", b"\x00{}"), ("{}", b"{}"), ("", b"")])
def test_bodies_are_bytes(body: bytes | str, expected: bytes) -> None:
    built = exchange(
        method="GET",
        url="/api/v2/integrations/7",
        status=404,
        content_type="application/json",
        body=body,
        operation_path="/integrations/{id}",
        path_parameters={},
    )
    assert (built.path, built.body, built.status) == ("/api/v2/integrations/7", expected, 404)
