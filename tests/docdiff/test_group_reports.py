"""A group through the command a user runs: one change in every report, its consequences kept, accepted."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from sendcloud_contracts.docdiff.__main__ import main
from sendcloud_contracts.exitcodes import BROKEN, HOLDS

from ..conftest import SEED_SPEC
from .catalogue import INTEGRATION, ONE, add, patched, replace
from .test_command import SCHEMA, TODAY, accept, seed, write

if TYPE_CHECKING:
    from pathlib import Path

BODY = (*ONE, "get", "responses", "200", "content", "application/json", "schema")
WRAPPED: dict[str, Any] = {
    "type": "object",
    "properties": {"data": {"$ref": "#/components/schemas/Integration"}},
}
# Each property of the seed's integration as the plain comparison finds it gone from the top.
REMOVED = (
    ("failing_since", "string (date-time) | null, optional"),
    ("id", "integer, optional"),
    ("last_fetch", "string (date-time) | null, optional"),
    ("last_updated_at", "string (date-time), required"),
    ("service_point_carriers", "array, optional"),
    ("service_point_enabled", "boolean, optional"),
    ("shop_name", "string, required"),
    ("shop_url", "string (uri) | null, optional"),
    ("system", "string, required"),
    ("webhook_active", "boolean, optional"),
    ("webhook_url", "string (uri) | null, optional"),
)


@pytest.fixture
def wrapped(tmp_path: Path) -> Path:
    """The seed's integration answered as `{"data": {...}}`, `shop_name` also reworded (not breaking)."""
    edits = [
        replace(*BODY, value=WRAPPED),
        replace(*INTEGRATION, "properties", "shop_name", "description", value="The shop's name"),
    ]
    return write(tmp_path / "wrapped.json", patched(seed(), edits))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv), today=TODAY)
    return code, capsys.readouterr().out


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code, out = run(capsys, *argv, "--format", "json")
    printed = json.loads(out)
    SCHEMA.validate(printed)
    return code, printed


def test_the_text_report_counts_a_group_once_and_lists_its_consequences_under_it(
    wrapped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, str(SEED_SPEC), str(wrapped))
    assert code == BROKEN
    lines = out.splitlines()
    assert lines[1] == "FAIL: 1 change can break a client, 1 cannot"
    start = lines.index("BREAKING response-body-wrapped")
    assert lines[start + 1 : start + 6] == [
        "  GET /integrations/{id}: response 200 application/json",
        "  was: object at the top of the body",
        "  now: object in `data`",
        "  why one change: `data` holds 11 of the body's 11 properties",
        "  fix: A client reading the payload at the top of the body finds none of its fields there; they are "
        "in `data`. Read the payload from `data`; what else changed inside it is listed on its own.",
    ]
    consequences = lines.index("  its consequences, counted in it (13):")
    at = "response 200 application/json"
    assert lines[consequences + 1 : consequences + 14] == [
        *(f"    response-property-removed: {at}: {name}: {shown} -> (absent)" for name, shown in REMOVED),
        f'    documentation-changed: {at}: title: "Integration Object" -> title: (absent)',
        f"    response-optional-property-added: {at}: data: (absent) -> object, optional",
    ]
    assert "Not breaking:" in lines
    assert f"  documentation-changed: GET /integrations/{{id}}: {at}: data.shop_name:" in out


def test_the_markdown_report_folds_a_groups_consequences_under_it(
    wrapped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(capsys, str(SEED_SPEC), str(wrapped), "--format", "markdown")
    assert "## Breaking (1)" in out
    assert (
        "**`response-body-wrapped`** `GET /integrations/{id}`, response 200 application/json: "
        "`data` holds 11 of the body's 11 properties. A client reading the payload"
    ) in out
    assert "<details><summary>its consequences, counted in it (13)</summary>" in out
    shop_url = "response 200 application/json: shop_url | string (uri) \\| null, optional | (absent)"
    assert f"| `response-property-removed` | {shop_url} |" in out


def test_the_json_report_keeps_the_group_and_every_consequence(
    wrapped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed = report(capsys, str(SEED_SPEC), str(wrapped))
    assert (code, printed["counts"]) == (BROKEN, {"breaking": 1, "accepted": 0, "not_breaking": 1})
    grouped, reworded = printed["changes"]
    assert (grouped["rule"], grouped["old"], grouped["new"]) == (
        "response-body-wrapped",
        "object at the top of the body",
        "object in `data`",
    )
    body = "#/paths/~1integrations~1{id}/get/responses/200/content/application~1json/schema"
    assert grouped["pointer"] == {"old": "#/components/schemas/Integration", "new": f"{body}/properties/data"}
    group = grouped["group"]
    assert group["why"] == "`data` holds 11 of the body's 11 properties"
    assert group["fix"].startswith("A client reading the payload at the top of the body")
    assert [(member["rule"], member["location"]) for member in group["members"]] == [
        *(("response-property-removed", f"response 200 application/json: {name}") for name, _ in REMOVED),
        ("documentation-changed", "response 200 application/json"),
        ("response-optional-property-added", "response 200 application/json: data"),
    ]
    assert all(member["operation"] == "GET /integrations/{id}" for member in group["members"])
    assert all(len(member["fingerprint"]) == 16 for member in group["members"])
    assert reworded["group"] is None
    # A report made before groups, without the field, is still one the schema describes.
    del reworded["group"]
    SCHEMA.validate({**printed, "changes": [reworded]})


def test_a_group_is_accepted_by_its_fingerprint(
    wrapped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, printed = report(capsys, str(SEED_SPEC), str(wrapped))
    accepted = accept(tmp_path / "accepted.toml", printed["changes"][0]["fingerprint"])
    code, out = run(capsys, str(SEED_SPEC), str(wrapped), "--accepted", str(accepted))
    assert code == HOLDS
    assert "ACCEPTED response-body-wrapped (until 2027-01-31: reported upstream)" in out
    assert "  its consequences, counted in it (13):" in out


def test_a_group_whose_every_breaking_consequence_is_accepted_is_accepted_until_the_first_ends(
    wrapped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, printed = report(capsys, str(SEED_SPEC), str(wrapped))
    members = printed["changes"][0]["group"]["members"]
    breaking = [member["fingerprint"] for member in members if member["breaking"]]
    # One entry per consequence, the fourth lasting a month longer than the others.
    entries = [
        f'[[accepted]]\nfingerprint = "{fingerprint}"\nreason = "moved"\nuntil = {until}\n'
        for fingerprint, until in zip(breaking, ["2027-01-28"] * 3 + ["2027-02-28"] * 8, strict=True)
    ]
    accepted = tmp_path / "accepted.toml"
    accepted.write_text("".join(entries[1:]))
    code, printed = report(capsys, str(SEED_SPEC), str(wrapped), "--accepted", str(accepted))
    assert code == BROKEN
    # Entries naming a consequence are not stale while the group holds it.
    assert printed["acceptances"]["stale"] == []
    accepted.write_text("".join(entries))
    code, printed = report(capsys, str(SEED_SPEC), str(wrapped), "--accepted", str(accepted))
    assert code == HOLDS
    assert printed["changes"][0]["acceptance"] == {
        "fingerprint": breaking[0],
        "reason": "moved",
        "until": "2027-01-28",
    }


def test_a_groups_fingerprint_stays_when_the_payload_changes_inside_or_moves(
    wrapped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def fingerprint(document: dict[str, Any], name: str) -> str:
        _, printed = report(capsys, str(SEED_SPEC), str(write(tmp_path / name, document)))
        (grouped,) = (item for item in printed["changes"] if item["rule"] == "response-body-wrapped")
        return str(grouped["fingerprint"])

    first = fingerprint(patched(seed(), [replace(*BODY, value=WRAPPED)]), "plain.json")
    grown = [
        replace(*BODY, value=WRAPPED),
        add(*INTEGRATION, "properties", "created_at", value={"type": "string"}),
    ]
    assert fingerprint(patched(seed(), grown), "grown.json") == first
    inline = seed()
    inline_schema = inline["components"]["schemas"]["Integration"]
    assert (
        fingerprint(
            patched(inline, [replace(*BODY, value={"properties": {"data": inline_schema}})]), "inline.json"
        )
        == first
    )
    elsewhere = {"type": "object", "properties": {"item": WRAPPED["properties"]["data"]}}
    assert fingerprint(patched(seed(), [replace(*BODY, value=elsewhere)]), "elsewhere.json") != first
