"""Authentication, probed: a request the API cannot authenticate is refused, 401 in the version's error body.

Every operation a test sees answer 200 is asked again without credentials and with wrong ones
(`sendcloud_authentication`, once per operation and test, in the test's own cassette). Once per
run (`contracts/test_authentication.py`) the credentials are probed part by part: the right
public key with a wrong secret, a wrong key with the right secret, the right pair under another
scheme, and for OAuth2 the token endpoint is asked the same. An API that checks only part of the
credentials lets in whoever holds that part: each answer that lets one in is a broken contract,
named by what was sent. The probes print reproductions that name the key variables, never a key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

import schemathesis

from sendcloud_contracts.rules import contract
from sendcloud_contracts.rules.contract_run import active_run
from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.model import Violation
from sendcloud_contracts.rules.schemathesis_checks import exchange_of, judge, reproduce

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Exchange

# The built-in check this replaces: ours demands a 401 in the v2 envelope rather than any refusal.
REPLACED_BUILTIN_CHECKS = ("ignored_auth",)
WRONG_KEY = "sendcloud-contracts-wrong-key"
WRONG_SECRET = "sendcloud-contracts-wrong-secret"
REFUSE = "The API must refuse requests it cannot authenticate"
CHECKS_PART = "The API checks only part of the credentials: whoever holds that part gets in"
TOKEN_FORM = {"grant_type": "client_credentials", "scope": "api"}


class ProbedCredentials(Protocol):
    @property
    def public_key(self) -> str: ...
    @property
    def secret_key(self) -> str: ...


class ProbedTarget(Protocol):
    """What the probes need of the run's target (the HTTP layer's `Target` is one)."""

    @property
    def base_url(self) -> str: ...
    @property
    def auth(self) -> str: ...
    @property
    def token_url(self) -> str: ...
    @property
    def credentials(self) -> ProbedCredentials: ...


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


INVALID_BASIC = basic("sendcloud-contracts-invalid", "not-a-secret")
INVALID_BEARER = "Bearer sendcloud-contracts-invalid-token"


@dataclass(frozen=True)
class Probe:
    scenario: str
    authorization: str | None
    # How to send it again naming the key variables; None when the request as sent shows no secret.
    reproduction: str | None = None


@schemathesis.check
def sendcloud_authentication(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Without credentials, or with wrong ones, the API answers 401 in the envelope, never 200."""
    run = active_run()
    if run is None or response.status_code != 200 or response.request.method != "GET":
        return
    if case.operation.label in run.probed:
        return
    run.probed.add(case.operation.label)
    probes = [Probe("no credentials", None), Probe("wrong Basic credentials", INVALID_BASIC)]
    if run.auth_mode == "oauth2":
        probes.append(Probe("an invalid Bearer token", INVALID_BEARER))
    headers = {
        name: value
        for name, value in response.request.headers.items()
        if name.lower() not in ("authorization", "cookie")
    }
    url, parameters = str(response.request.url), dict(case.path_parameters or {})
    found, reproductions, answers = refused(
        run, url, headers, probes, case.operation.path, parameters, REFUSE
    )
    judge(
        run,
        exchange_of(response, case),
        found,
        case.operation.label,
        reproductions,
        checked=("authentication",),
        answers=answers,
    )


def refused(
    run: ContractRun,
    url: str,
    headers: Mapping[str, str],
    probes: Sequence[Probe],
    operation_path: str,
    path_parameters: Mapping[str, object],
    fix: str,
) -> tuple[list[Violation], dict[Violation, str], dict[Violation, Exchange]]:
    """GET `url` once per probe: each must answer 401 in the version's error body. Violations, how to
    send each again, and the answer that showed it."""
    found: list[Violation] = []
    reproductions: dict[Violation, str] = {}
    answers: dict[Violation, Exchange] = {}
    for probe in probes:
        sent = {**headers, **({"Authorization": probe.authorization} if probe.authorization else {})}
        answer = run.session.get(url, headers=sent)
        where = f"GET {urlsplit(url).path} with {probe.scenario}"
        seen = exchange(
            method="GET",
            url=url,
            status=answer.status_code,
            content_type=answer.headers.get("Content-Type", ""),
            body=answer.content,
            operation_path=operation_path,
            path_parameters=dict(path_parameters),
            headers=answer.headers,
            request_headers=answer.request.headers,
        )
        if answer.status_code != 401:
            violations = [Violation("authentication", where, str(answer.status_code), "401", fix)]
        else:
            violations = [
                Violation("authentication", f"{where}: {found.field}", found.received, found.documented)
                for found in contract.error_envelope(seen, run.spec)
            ]
        reproduction = probe.reproduction or reproduce(run, answer.request)
        for violation in violations:
            reproductions.setdefault(violation, reproduction)
            answers.setdefault(violation, seen)
        found += violations
    return found, reproductions, answers


def check_credential_parts(run: ContractRun, target: ProbedTarget, integration_id: int) -> None:
    """Each part of the credentials on its own must not let one in; fail naming each probe that did."""
    resource = run.spec.dialect.resource
    url = resource.item_url(target.base_url, integration_id)
    public, secret = target.credentials.public_key, target.credentials.secret_key
    keys = run.key_variables
    # The right pair under the Bearer scheme, sent with curl's own option: reports blank out any
    # `Authorization:` header a reproduction would spell out.
    pair = f'$(printf %s "${keys.public}:${keys.secret}" | base64 | tr -d "\\n")'
    probes = [
        Probe(
            "the right public key and a wrong secret",
            basic(public, WRONG_SECRET),
            f'curl -X GET -u "${keys.public}:{WRONG_SECRET}" {url}',
        ),
        Probe(
            "a wrong public key and the right secret",
            basic(WRONG_KEY, secret),
            f'curl -X GET -u "{WRONG_KEY}:${keys.secret}" {url}',
        ),
        Probe(
            "the right credentials under the Bearer scheme",
            "Bearer " + basic(public, secret).removeprefix("Basic "),
            f'curl -X GET --oauth2-bearer "{pair}" {url}',
        ),
    ]
    parameters = {resource.identity: integration_id}
    found, reproductions, answers = refused(run, url, {}, probes, resource.item_path, parameters, CHECKS_PART)
    requests = dict.fromkeys(found, f"GET {urlsplit(url).path}")
    if target.auth == "oauth2":
        token_found, token_reproductions = tokens_issued(run, target, keys.public, keys.secret)
        found += token_found
        reproductions.update(token_reproductions)
        requests.update(dict.fromkeys(token_found, f"POST {urlsplit(target.token_url).path}"))
    answer = exchange(
        method="GET",
        url=url,
        status=200,
        content_type="",
        body=b"",
        operation_path=resource.item_path,
        path_parameters=parameters,
    )
    judge(
        run,
        answer,
        found,
        f"GET {resource.item_path}",
        reproductions,
        requests=requests,
        checked=("authentication",),
        answers=answers,
    )


def tokens_issued(
    run: ContractRun, target: ProbedTarget, public_variable: str, secret_variable: str
) -> tuple[list[Violation], dict[Violation, str]]:
    """The token endpoint asked with each part of the client credentials on its own: it issues no token."""
    url, public, secret = target.token_url, target.credentials.public_key, target.credentials.secret_key
    form = " ".join(f"-d {name}={value}" for name, value in TOKEN_FORM.items())
    pair = f'$(printf %s "${public_variable}:${secret_variable}" | base64 | tr -d "\\n")'
    probes = [
        Probe(
            "the right client id and a wrong secret",
            basic(public, WRONG_SECRET),
            f'curl -X POST -u "${public_variable}:{WRONG_SECRET}" {form} {url}',
        ),
        Probe(
            "a wrong client id and the right secret",
            basic(WRONG_KEY, secret),
            f'curl -X POST -u "{WRONG_KEY}:${secret_variable}" {form} {url}',
        ),
        Probe(
            "the right client credentials under the Bearer scheme",
            "Bearer " + basic(public, secret).removeprefix("Basic "),
            f'curl -X POST --oauth2-bearer "{pair}" {form} {url}',
        ),
    ]
    found: list[Violation] = []
    reproductions: dict[Violation, str] = {}
    for probe in probes:
        answer = run.session.post(url, data=TOKEN_FORM, headers={"Authorization": str(probe.authorization)})
        if 200 <= answer.status_code < 300 or b"access_token" in answer.content:
            violation = Violation(
                "authentication",
                f"POST {urlsplit(url).path} with {probe.scenario}",
                f"{answer.status_code}, a token issued",
                "401 (invalid_client), no token",
                CHECKS_PART,
            )
            found.append(violation)
            reproductions[violation] = str(probe.reproduction)
    return found, reproductions
