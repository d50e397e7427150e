"""RFC 8259 JSON: what JavaScript and Go clients reject is not JSON, everything else reads as usual."""

from __future__ import annotations

import pytest

from sendcloud_contracts.rules import strict_json

pytestmark = pytest.mark.rules


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"id":123,"shop_url":null}', {"id": 123, "shop_url": None}),
        (b' \r\n\t[1, -0.5e3, "x", true, false, null] \n', [1, -500.0, "x", True, False, None]),
        ('{"shop_name":"Kaffeerösterei 東京 🚚"}'.encode(), {"shop_name": "Kaffeerösterei 東京 🚚"}),
        (b'"\\ud83d\\ude9a"', "\U0001f69a"),
        (b'{"a":{"a":1},"b":[{"a":2}]}', {"a": {"a": 1}, "b": [{"a": 2}]}),
        (b"12345678901234567890", 12345678901234567890),
        (b'"NaN"', "NaN"),
    ],
)
def test_json_as_rfc_8259_defines_it_parses(body: bytes, expected: object) -> None:
    assert strict_json.loads(body) == expected
    assert strict_json.problem(body) is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"rate":NaN}', "NaN is not a JSON value"),
        (b'{"rate":Infinity}', "Infinity is not a JSON value"),
        (b"[-Infinity]", "-Infinity is not a JSON value"),
        (b'{"shop_name":"M\xfcller"}', "byte 15 is not valid UTF-8"),
        (b'"\xed\xa0\x80"', "byte 1 is not valid UTF-8"),
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b'{"a":1,"a":2}', 'the key "a" appears twice'),
        (b'[{"b":{"a":1,"a":1}}]', 'the key "a" appears twice'),
        (b'"\\ud800"', "lone surrogate \\ud800"),
        (b'{"x":["\\udc00"]}', "lone surrogate \\udc00"),
        (b'{"\\ud800":1}', "lone surrogate \\ud800"),
        (b'{"a":1} trailing', "does not parse"),
        (b"{'a':1}", "does not parse"),
        (b'{"a":1,}', "does not parse"),
        (b"", "does not parse"),
        (b"<html></html>", "does not parse"),
        (b'"tab\there"', "does not parse"),
        ("\N{ARABIC-INDIC DIGIT ONE}".encode(), "does not parse"),
    ],
)
def test_what_a_javascript_or_go_client_rejects_is_not_json(body: bytes, reason: str) -> None:
    with pytest.raises(strict_json.NotJSON) as raised:
        strict_json.loads(body)
    assert reason in str(raised.value)
    assert strict_json.problem(body) == str(raised.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            b"\xef\xbb\xbf{}",
            "it starts with a UTF-8 byte order mark, which RFC 8259 forbids senders to add",
        ),
        (
            b'{"rate":NaN}',
            "NaN is not a JSON value (RFC 8259 section 6); JavaScript and Go clients reject it",
        ),
        (b"[" * 100_000, "it nests deeper than a JSON parser can follow"),
        (
            b'"\\ud800"',
            "a string holds the lone surrogate \\ud800, which is no character (RFC 8259 section 8.2)",
        ),
    ],
)
def test_the_reason_a_body_is_not_json_is_shown_whole(body: bytes, message: str) -> None:
    # The reason is the `fix` of a `response_schema` violation: users read it as it stands.
    assert strict_json.problem(body) == message
