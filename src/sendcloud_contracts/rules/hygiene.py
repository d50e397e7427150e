"""Hygiene: what the server says about itself that no client of the documented operations relies on.

The methods in `Allow` and how the API answers methods nobody documented (its status, `OPTIONS`
with 200 included, a 5xx, a body outside the envelope) are worth knowing, but a client of
`GET /integrations/{id}` never sends those methods, so they do not fail a run: the schemathesis
checks that judge them are switched off and run here instead, each failure kept as a
`HygieneFinding` (a warning). With `--strict-hygiene`, for a team that owns the API, they fail
the run like any contract check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi import checks as builtin

from sendcloud_contracts.rules.contract_run import active_run
from sendcloud_contracts.rules.hygiene_findings import HygieneFinding

if TYPE_CHECKING:
    from collections.abc import Callable

    from schemathesis.checks import CheckFunction

    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Violation

STRICT_OPTION = "--strict-hygiene"
# The built-in checks that judge hygiene (or, for `not_a_server_error`, also hygiene); disabled in
# the schemathesis config and run by the checks below.
HYGIENE_BUILTIN_CHECKS = ("unsupported_method", "allow_header_conformance", "not_a_server_error")


class HygieneFailure(Failure):
    """A hygiene finding, raised only with `--strict-hygiene`."""

    code = "ST902"
    kind_title = "Hygiene (failing because of --strict-hygiene)"


def _request(response: schemathesis.Response) -> str:
    return f"{response.request.method} {urlsplit(str(response.request.url)).path}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.strip().splitlines() if line.strip()] or [text]


def _keep(
    run: ContractRun, response: schemathesis.Response, check: str, message: str, reason: str | None = None
) -> None:
    headline, *details = _lines(message)
    finding = HygieneFinding(
        check, _request(response), headline, (*details, *([f"({reason})"] if reason else []))
    )
    if finding not in run.hygiene:
        run.hygiene.append(finding)


def _strict_failure(message: str) -> HygieneFailure:
    return HygieneFailure(operation=None, message=f"{message}\n\nHygiene, failing because of {STRICT_OPTION}")


def record(
    response: schemathesis.Response,
    check: str,
    message: str,
    failure: Failure | None = None,
    reason: str | None = None,
) -> None:
    """Keep the finding as a warning; with the strict switch, fail the check as well.

    `reason` says why a failure of a built-in check is hygiene here, when only some of them are.
    """
    run = active_run()
    if run is None:
        return
    _keep(run, response, check, message, reason)
    if run.strict_hygiene:
        text = " / ".join(_lines(message)) + (f" ({reason})" if reason else "")
        # Always the suite's own failure type, so reports can tell hygiene from a broken contract.
        raise _strict_failure(f"{failure.code} {failure.title}: {text}" if failure else text)


def record_violations(response: schemathesis.Response, violations: list[Violation]) -> None:
    """The suite's own rules, broken by the answer to a method nobody documented."""
    run = active_run()
    if run is None or not violations:
        return
    for violation in violations:
        _keep(run, response, violation.rule, str(violation))
    if run.strict_hygiene:
        raise _strict_failure("\n".join(str(violation) for violation in violations))


def as_hygiene(
    check: CheckFunction,
    name: str,
    ctx: schemathesis.CheckContext,
    response: schemathesis.Response,
    case: schemathesis.Case,
    why: Callable[[], str | None] | None = None,
) -> None:
    """Run a built-in check and keep its failure as a hygiene finding.

    Given `why`, only a failure that `why` gives a reason for is hygiene (the reason is added to
    the finding); any other is raised as it is.
    """
    if active_run() is None:
        return
    try:
        check(ctx, response, case)
    except Failure as failure:
        if why is None:
            record(response, name, failure.message or failure.title, failure)
            return
        reason = why()
        if reason is None:
            raise
        record(response, name, failure.message or failure.title, failure, reason)


@schemathesis.check
def sendcloud_allow_header(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Hygiene: `Allow` on OPTIONS lists the documented methods (schemathesis' ST205)."""
    as_hygiene(builtin.allow_header_conformance, "allow_header_conformance", ctx, response, case)


@schemathesis.check
def sendcloud_server_error(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """No 5xx (schemathesis' ST101): contract for the documented method, hygiene for probes of others."""
    if active_run() is None:
        return
    if str(response.request.method).upper() == case.operation.method.upper():
        not_a_server_error(ctx, response, case)
    else:
        as_hygiene(not_a_server_error, "not_a_server_error", ctx, response, case)


@schemathesis.check
def sendcloud_undocumented_method(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Hygiene: a method nobody documented answers 405 with `Allow` (schemathesis' ST204).

    schemathesis leaves `OPTIONS` out of that check; an `OPTIONS` answered with anything but 405
    is recorded here, so the team that owns the API sees it too.
    """
    as_hygiene(builtin.unsupported_method, "unsupported_method", ctx, response, case)
    data = case.meta.phase.data if case.meta is not None else None
    if (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.UNSPECIFIED_HTTP_METHOD
        and response.request.method == "OPTIONS"
        and response.status_code != 405
    ):
        record(
            response,
            "unsupported_method",
            f"OPTIONS answered {response.status_code}; the document does not describe OPTIONS on this path",
        )
