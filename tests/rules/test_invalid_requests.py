"""Answers to requests invalid on purpose: a 4xx or a lenient filter is hygiene, the rest still fails."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import requests
import schemathesis
from schemathesis.checks import CheckContext
from schemathesis.config import ChecksConfig
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    CoverageScenario,
    GenerationInfo,
    PhaseInfo,
)
from schemathesis.openapi.checks import UndefinedStatusCode

from sendcloud_contracts.rules import schemathesis_checks
from sendcloud_contracts.rules.contract_run import ContractRun, activate, deactivate
from sendcloud_contracts.rules.coverage import ContractCoverage
from sendcloud_contracts.rules.deviations import DeviationLedger
from sendcloud_contracts.rules.failures import ContractFailure
from sendcloud_contracts.rules.hygiene import HygieneFailure
from sendcloud_contracts.rules.invalid_requests import (
    invalid_parts,
    sendcloud_negative_data_rejection,
    sendcloud_status_code,
)
from sendcloud_contracts.spec import load_spec

from ..conftest import ROOT

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.rules

SPEC = load_spec(ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml")
SHIPMENTS = schemathesis.openapi.from_dict(SPEC.document)["/integrations/{id}/shipments"]["GET"]
QUERY, PATH = ParameterLocation.QUERY, ParameterLocation.PATH
NEGATIVE, POSITIVE = GenerationMode.NEGATIVE, GenerationMode.POSITIVE
CONTEXT = CheckContext(
    override=None, auth=None, headers=None, config=ChecksConfig(), transport_kwargs=None, response_checks=None
)


@pytest.fixture
def run() -> Iterator[ContractRun]:
    active = ContractRun(
        spec=SPEC, deviations=DeviationLedger([]), coverage=ContractCoverage(SPEC), auth_mode="basic"
    )
    active.hygiene.clear()
    activate(active)
    yield active
    deactivate()


def shipments_case(
    *, id: object = 1, query: dict[str, object] | None = None, invalid: ParameterLocation | None = None
) -> schemathesis.Case:
    """A case as schemathesis' coverage phase builds it: `invalid` names the part made invalid."""
    parameter = "id" if invalid == PATH else next(iter(query or {}), None)
    modes = (
        {QUERY: POSITIVE, PATH: POSITIVE}
        if invalid is None
        else {QUERY: POSITIVE, PATH: POSITIVE, invalid: NEGATIVE}
    )
    meta = CaseMetadata(
        generation=GenerationInfo(time=0.0, mode=POSITIVE if invalid is None else NEGATIVE),
        components={location: ComponentInfo(mode=mode) for location, mode in modes.items()},
        phase=PhaseInfo.coverage(
            CoverageScenario.INCORRECT_TYPE if invalid else CoverageScenario.DEFAULT_POSITIVE_TEST,
            "Incorrect type" if invalid else "Default positive test case",
            parameter=parameter if invalid else None,
            parameter_location=invalid,
        ),
    )
    return SHIPMENTS.Case(path_parameters={"id": id}, query=query or {}, _meta=meta)


def answer(
    case: schemathesis.Case, status: int, body: object = None, content_type: str = "application/json"
) -> schemathesis.Response:
    path = f"/api/v2/integrations/{case.path_parameters['id']}/shipments"
    request = requests.Request("GET", f"https://panel.sendcloud.sc{path}", params=case.query).prepare()
    if body is None:
        body = {
            "error": {"code": status, "request": path.lstrip("/"), "message": "A valid integer is required."}
        }
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return schemathesis.Response(
        status_code=status,
        headers={"content-type": [content_type]},
        content=content,
        request=request,
        elapsed=0.0,
        verify=True,
    )


BAD_FILTER = shipments_case(query={"sender_address": "abc"}, invalid=QUERY)
BAD_ID = shipments_case(id="abc", invalid=PATH)
VALID = shipments_case(query={"sender_address": 5})
EMPTY_PAGE: dict[str, object] = {"next": None, "previous": None, "shipments": []}


def test_the_invalid_parts_come_from_the_case_metadata() -> None:
    assert invalid_parts(BAD_FILTER) == {QUERY}
    assert invalid_parts(BAD_ID) == {PATH}
    assert invalid_parts(VALID) == frozenset()
    assert invalid_parts(SHIPMENTS.Case(path_parameters={"id": 1})) == frozenset()


def test_a_400_to_an_invalid_filter_is_a_warning_naming_the_status(
    run: ContractRun,
) -> None:
    sendcloud_status_code(CONTEXT, answer(BAD_FILTER, 400), BAD_FILTER)
    [finding] = run.hygiene
    assert finding.check == "status_code_conformance"
    assert finding.request == "GET /api/v2/integrations/1/shipments"
    # schemathesis' lines stay lines: the terminal and the summary print them under the headline.
    assert finding.message == "Received: 400"
    assert finding.details == (
        "Documented: 200, 404",
        "(the request's query is invalid on purpose and the document promises no answer to it)",
    )
    assert str(finding).splitlines() == [
        "[status_code_conformance] GET /api/v2/integrations/1/shipments: Received: 400",
        "    Documented: 200, 404",
        "    (the request's query is invalid on purpose and the document promises no answer to it)",
    ]


def test_a_400_to_an_invalid_filter_fails_with_strict_hygiene(run: ContractRun) -> None:
    run.strict_hygiene = True
    with pytest.raises(HygieneFailure, match=r"ST103 Undocumented status code: Received: 400 / Documented"):
        sendcloud_status_code(CONTEXT, answer(BAD_FILTER, 400), BAD_FILTER)


@pytest.mark.parametrize(
    ("case", "status"),
    [(VALID, 400), (VALID, 403), (BAD_FILTER, 500), (BAD_FILTER, 503), (BAD_ID, 502)],
    ids=["valid-400", "valid-403", "invalid-500", "invalid-503", "invalid-id-502"],
)
def test_an_undocumented_status_still_breaks_the_contract(
    run: ContractRun, case: schemathesis.Case, status: int
) -> None:
    with pytest.raises(UndefinedStatusCode, match=f"Received: {status}"):
        sendcloud_status_code(CONTEXT, answer(case, status), case)
    assert run.hygiene == []


@pytest.mark.parametrize(("case", "status"), [(BAD_FILTER, 200), (BAD_ID, 404), (VALID, 200)])
def test_documented_statuses_find_nothing(run: ContractRun, case: schemathesis.Case, status: int) -> None:
    sendcloud_status_code(CONTEXT, answer(case, status, EMPTY_PAGE if status == 200 else None), case)
    assert run.hygiene == []


def test_a_400_outside_the_envelope_still_breaks_the_contract(run: ContractRun) -> None:
    html = answer(BAD_FILTER, 400, b"<h1>Bad Request (400)</h1>", "text/html")
    sendcloud_status_code(CONTEXT, html, BAD_FILTER)
    with pytest.raises(ContractFailure, match="error_envelope"):
        schemathesis_checks.sendcloud_error_envelope(CONTEXT, html, BAD_FILTER)


def test_a_400_in_the_envelope_passes_the_envelope_rule(run: ContractRun) -> None:
    schemathesis_checks.sendcloud_error_envelope(CONTEXT, answer(BAD_FILTER, 400), BAD_FILTER)
    assert run.failures == []


def test_an_invalid_filter_read_leniently_is_a_warning(run: ContractRun) -> None:
    sendcloud_negative_data_rejection(CONTEXT, answer(BAD_FILTER, 200, EMPTY_PAGE), BAD_FILTER)
    [finding] = run.hygiene
    assert finding.check == "negative_data_rejection"
    assert finding.message == "Invalid data should have been rejected"
    assert any("sender_address" in detail for detail in finding.details)
    assert (
        finding.details[-1] == "(only query values are invalid; the document promises no rejection of them)"
    )
    run.strict_hygiene = True
    with pytest.raises(HygieneFailure, match="ST201"):
        sendcloud_negative_data_rejection(CONTEXT, answer(BAD_FILTER, 200, EMPTY_PAGE), BAD_FILTER)


def test_an_invalid_id_answered_200_breaks_the_contract(run: ContractRun) -> None:
    with pytest.raises(AcceptedNegativeData, match="`id` in path"):
        sendcloud_negative_data_rejection(CONTEXT, answer(BAD_ID, 200, EMPTY_PAGE), BAD_ID)
    assert run.hygiene == []


@pytest.mark.parametrize(("case", "status"), [(BAD_FILTER, 400), (BAD_ID, 404), (VALID, 200)])
def test_refused_invalid_requests_and_valid_ones_find_nothing(
    run: ContractRun, case: schemathesis.Case, status: int
) -> None:
    sendcloud_negative_data_rejection(
        CONTEXT, answer(case, status, EMPTY_PAGE if status == 200 else None), case
    )
    assert run.hygiene == []


def test_without_an_active_run_the_checks_do_nothing() -> None:
    sendcloud_status_code(CONTEXT, answer(VALID, 500), VALID)
    sendcloud_negative_data_rejection(CONTEXT, answer(BAD_ID, 200, EMPTY_PAGE), BAD_ID)


def test_a_warning_names_every_invalid_part_in_order(run: ContractRun) -> None:
    both = shipments_case(id="abc", query={"sender_address": "abc"}, invalid=QUERY)
    both.meta.components[PATH] = ComponentInfo(mode=NEGATIVE)  # type: ignore[union-attr]
    sendcloud_status_code(CONTEXT, answer(both, 400), both)
    [finding] = run.hygiene
    assert finding.details[-1].startswith("(the request's path, query is invalid on purpose")
