"""The contract rules as schemathesis checks, so they judge live, recorded and replayed runs alike.

Checks are registered globally by schemathesis; they act only while a run is active
(`activate`), which the plugin does for the contract suite.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import schemathesis

from sendcloud_contracts.rules import contract, pagination, timestamps
from sendcloud_contracts.rules.contract_run import ContractRun, active_run
from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.failures import ContractFailure, Finding, curl
from sendcloud_contracts.rules.hygiene import record_violations
from sendcloud_contracts.rules.tally import SINGLE_ANSWER_RULES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from sendcloud_contracts.rules.model import Exchange, Violation
    from sendcloud_contracts.spec import Spec

# Built-in checks these replace: ours report every schema error (and honour accepted
# deviations); `authentication.py` replaces `ignored_auth`.
REPLACED_BUILTIN_CHECKS = ("response_schema_conformance",)


def exchange_of(response: schemathesis.Response, case: schemathesis.Case) -> Exchange:
    return exchange(
        method=str(response.request.method),
        url=str(response.request.url),
        status=response.status_code,
        content_type=response.headers.get("content-type"),
        body=response.content,
        operation_path=case.operation.path,
        path_parameters=dict(case.path_parameters or {}),
        headers=response.headers,
        request_headers=response.request.headers,
    )


def reproduce(run: ContractRun, request: Any) -> str:
    """A curl command for a sent `requests.PreparedRequest`."""
    return curl(
        str(request.method), str(request.url), request.headers, is_own=run.is_own, keys=run.key_variables
    )


def judge(
    run: ContractRun,
    exchange: Exchange,
    violations: Iterable[Violation],
    operation: str | None,
    reproductions: dict[Violation, str] | None = None,
    *,
    reproduction: str | None = None,
    context: str = "",
    checked: Iterable[str] = SINGLE_ANSWER_RULES,
    answers: dict[Violation, Exchange] | None = None,
    requests: Mapping[Violation, str] | None = None,
) -> None:
    """Fail with every violation no accepted deviation covers, and remember it for the summary.

    A violation's reproduction is `reproduction` (by default the request last checked) unless
    `reproductions` names another one; its request is the exchange's unless `requests` names one, and
    the answer that showed it is `exchange` unless `answers` names another. Each rule in `checked`
    counts as one check of `exchange` in the run's tally.
    """
    found = list(violations)
    unaccepted = run.deviations.unaccepted(found)
    run.tally.judged(exchange, found, unaccepted, checked)
    if unaccepted:
        request = f"{exchange.method} {exchange.path}"
        default = run.last_reproduction if reproduction is None else reproduction
        findings = [
            Finding(
                (requests or {}).get(violation, request),
                violation,
                (reproductions or {}).get(violation, default),
                (answers or {}).get(violation, exchange),
            )
            for violation in unaccepted
        ]
        run.failures += findings
        raise ContractFailure(operation=operation, findings=findings, context=context)


def _apply(
    rule: Callable[[Exchange, Spec], Iterable[Violation]],
    name: str,
    response: schemathesis.Response,
    case: schemathesis.Case,
    *,
    observe: bool = False,
) -> None:
    run = active_run()
    if run is not None:
        exchange = exchange_of(response, case)
        if observe:
            run.coverage.observe(exchange)
            run.last_reproduction = reproduce(run, response.request)
        if exchange.method.upper() != case.operation.method.upper():
            # A probe with a method nobody documented: no client of the operation reads the answer.
            record_violations(response, run.deviations.unaccepted(list(rule(exchange, run.spec))))
            return
        judge(run, exchange, rule(exchange, run.spec), case.operation.label, checked=(name,))


@schemathesis.check
def sendcloud_response_schema(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """The body matches the documented schema: all errors, nulls exactly where allowed."""
    # Every response passes this check, so it also feeds the coverage report.
    _apply(contract.response_schema, "response_schema", response, case, observe=True)


@schemathesis.check
def sendcloud_timestamps(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Every timestamp is RFC 3339 with an offset and a real date, or null where the spec allows."""
    _apply(timestamps.timestamps, "timestamp", response, case)


@schemathesis.check
def sendcloud_error_envelope(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Every error is written as the API version writes errors (the v2 envelope, JSON:API's `errors`)."""
    _apply(contract.error_envelope, "error_envelope", response, case)


@schemathesis.check
def sendcloud_requested_integration(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """A 200 answers the integration that was asked for."""
    _apply(contract.requested_integration, "requested_integration", response, case)


@schemathesis.check
def sendcloud_belongs_to_the_integration_asked(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """What belongs to one integration, asked by path or by `integration_id`, names that one."""
    _apply(pagination.owner_identity, "requested_integration", response, case)


@schemathesis.check
def sendcloud_page_links(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """A page's links lead to the same list on the host asked."""
    _apply(pagination.page_links, "pagination", response, case)
