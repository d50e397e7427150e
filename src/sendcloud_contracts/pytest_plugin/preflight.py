"""Before the generated tests, ask for each known integration once: a 404 there is a setup mistake.

An id missing from the account, or a base URL that leads somewhere other than the API, would
otherwise read as "the API broke its contract" (exit 1, which pages someone). The preflight
stops such a run with exit 4 and one line naming what to fix; the body tells which mistake to
name first (the API's error envelope: the id; anything else, such as an HTML page: the base URL).
Any other answer goes on to the tests and is judged there like every response.

An id the preflight found that answers 404 later in the run is a broken contract: the API lost
an integration mid-run (`lost_integration`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import schemathesis
import vcr

from sendcloud_contracts.exitcodes import bad_input
from sendcloud_contracts.http.settings import Mode
from sendcloud_contracts.recordings import vcr_setup
from sendcloud_contracts.rules import schemathesis_checks, strict_json
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.contract_run import ContractRun, PreflightAnswer, active_run
from sendcloud_contracts.rules.exchanges import answered_get
from sendcloud_contracts.rules.model import Exchange, Violation

if TYPE_CHECKING:
    from collections.abc import Iterator

    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.dialects import Dialect
    from sendcloud_contracts.exitcodes import StopRun
    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.spec import Spec

CASSETTE = "preflight.yaml"
OK = 200
NOT_FOUND = 404


def setup_mistake(
    target: Target, dialect: Dialect, integration_id: int, response: requests.Response
) -> StopRun:
    """The one line for a 404 to a known id, naming the likelier mistake first."""
    url = dialect.resource.item_url(target.base_url, integration_id)
    try:
        payload: Any = strict_json.loads(response.content)
    except strict_json.NotJSON:
        payload = None
    if dialect.error_body.errors(payload) is not None:
        return bad_input(
            f"setup: GET {url} answered 404 in the API's error envelope: integration {integration_id} is "
            f"not in this account. Remove it from SENDCLOUD_INTEGRATION_IDS or use the keys of the account "
            f"that holds it (if the envelope is not Sendcloud's, check SENDCLOUD_BASE_URL={target.base_url})."
        )
    content_type = response.headers.get("Content-Type", "") or "no content type"
    base = dialect.base_path
    return bad_input(
        f"setup: GET {url} answered 404 with {content_type}, not the API's error envelope: "
        f"SENDCLOUD_BASE_URL={target.base_url} does not lead to the API; it usually ends in {base} "
        f"(e.g. https://panel.sendcloud.sc{base}). Otherwise integration {integration_id} is not in "
        "the account (SENDCLOUD_INTEGRATION_IDS)."
    )


def ask_known_ids(
    target: Target, dialect: Dialect, session: requests.Session, auth: AuthBase
) -> dict[int, PreflightAnswer]:
    """Ask for every known id once: each answer, or `StopRun` (exit 4) on the first 404."""
    answers = {}
    resource = dialect.resource
    for integration_id in target.integration_ids:
        url = resource.item_url(target.base_url, integration_id)
        response = session.get(url, auth=auth)
        if response.status_code == NOT_FOUND:
            raise setup_mistake(target, dialect, integration_id, response)
        answer = answered_get(
            url,
            response,
            operation_path=resource.item_path,
            path_parameters={resource.identity: integration_id},
        )
        answers[integration_id] = PreflightAnswer(answer, response.request)
    return answers


def answer_violations(exchange: Exchange, spec: Spec) -> list[Violation]:
    """What is wrong with the preflight's answer for a known id, by the same rules as any answer."""
    found = []
    if spec.response_schema(exchange.operation_path, exchange.method, exchange.status) is None:
        found.append(
            Violation("status_code", "(status)", str(exchange.status), "200 or 404, the statuses documented")
        )
    elif exchange.status == OK and exchange.content_type.split(";")[0].strip().lower() != "application/json":
        found.append(Violation("content_type", "Content-Type", exchange.content_type, "application/json"))
    return found + violations(exchange, spec)


def judge_answer(run: ContractRun, integration_id: int) -> None:
    """Fail with whatever the preflight's answer for `integration_id` showed wrong."""
    answer = run.preflight_answers.get(integration_id)
    if answer is None:
        return
    exchange = answer.exchange
    schemathesis_checks.judge(
        run,
        exchange,
        answer_violations(exchange, run.spec),
        f"GET {exchange.operation_path} (the preflight's answer)",
        reproduction=schemathesis_checks.reproduce(run, answer.request),
        context=f"the preflight's answer to GET {exchange.path}:",
    )


def cassette(mode: Mode, cassette_dir: str, config: pytest.Config, vcr_config: dict[str, Any]) -> Any:
    """The preflight's own cassette: session-wide, it belongs to no test's recording."""
    recorder = vcr.VCR(**vcr_config)
    # The same persister as every test's cassette: a corrupt file stops the run, secrets are scrubbed.
    config.hook.pytest_recording_configure(config=config, vcr=recorder)
    path = Path(cassette_dir) / CASSETTE
    if mode is Mode.RECORD:
        # The staging folder starts as a copy of the old recordings; vcrpy would keep the old
        # answers for ids no longer asked for, so the preflight starts from an empty file.
        path.unlink(missing_ok=True)
    record_mode = "none" if mode is Mode.REPLAY else "all"
    return recorder.use_cassette(str(path), record_mode=record_mode)


@pytest.fixture(scope="session")
def contract_preflight(
    pytestconfig: pytest.Config,
    contract_mode: Mode,
    contract_cassette_dir: str,
    contract_target: Target,
    contract_auth: AuthBase,
    contract_run: ContractRun,
    contract_session: requests.Session,
) -> tuple[int, ...]:
    """Each known id asked once before the generated tests; a 404 stops the run (exit 4)."""
    dialect = contract_run.spec.dialect
    if contract_mode is Mode.LIVE:
        answers = ask_known_ids(contract_target, dialect, contract_session, contract_auth)
    else:
        with cassette(contract_mode, contract_cassette_dir, pytestconfig, vcr_setup.vcr_config()):
            answers = ask_known_ids(contract_target, dialect, contract_session, contract_auth)
    # Judged by the per-id tests (`judge_answer`): a flaky error seen only here still counts.
    contract_run.preflight_answers = answers
    contract_run.known_found = tuple(answers)
    return contract_run.known_found


def lost_integration(
    found: tuple[int, ...], method: str, status: int, path_parameters: dict[str, Any]
) -> Iterator[Violation]:
    """A 404 for an id the preflight found at the start of the run."""
    raw_id = str(path_parameters.get("id", ""))
    if method != "GET" or status != NOT_FOUND or not raw_id.isdigit() or int(raw_id) not in found:
        return
    yield Violation(
        "known_integration",
        "id",
        "404",
        f"200: the preflight found integration {raw_id} at the start of this run",
        "The API lost an existing integration mid-run",
    )


@schemathesis.check
def sendcloud_known_integration(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """An integration the preflight found keeps answering for the rest of the run."""
    run = active_run()
    if run is None:
        return
    exchange = schemathesis_checks.exchange_of(response, case)
    found = lost_integration(
        run.known_found, exchange.method, exchange.status, dict(exchange.path_parameters)
    )
    schemathesis_checks.judge(run, exchange, found, case.operation.label, checked=("known_integration",))
