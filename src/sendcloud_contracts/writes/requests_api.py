"""The write contract's requests: sent through the suite's one session (its guard, pace, throttling,
recording), each answer judged by every rule of the contract, and a write's status by the document's
(`rules.writes.write_status`), before the write rules look at what it did."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sendcloud_contracts.http.write_permit import WRITE_METHODS
from sendcloud_contracts.rules import schemathesis_checks
from sendcloud_contracts.rules import writes as rules
from sendcloud_contracts.rules.contract import violations
from sendcloud_contracts.rules.exchanges import exchange
from sendcloud_contracts.rules.failures import ContractFailure, curl

if TYPE_CHECKING:
    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.dialects import Dialect
    from sendcloud_contracts.rules.contract_run import ContractRun
    from sendcloud_contracts.rules.model import Exchange, Violation
    from sendcloud_contracts.spec import Spec


@dataclass
class WriteApi:
    session: requests.Session
    auth: AuthBase | None
    base_url: str
    spec: Spec
    integration_id: int
    # The run the answers are judged for; None while restoring from a journal outside any run.
    run: ContractRun | None = None
    # The requests of the current sequence, as curl commands: a failing one is printed whole.
    sequence: list[str] = field(default_factory=list)
    # The failure last raised, all its findings: what stands when shrinking cannot go on.
    last_failure: ContractFailure | None = None

    @property
    def dialect(self) -> Dialect:
        return self.spec.dialect

    def url(self, template: str, identity: int | None = None) -> str:
        return self.base_url.rstrip("/") + template.replace("{id}", str(identity or self.integration_id))

    def get(
        self, template: str, params: dict[str, Any] | None = None, identity: int | None = None
    ) -> requests.Response:
        response = self.session.get(self.url(template, identity), params=params, auth=self.auth)
        self.judge(response, template)
        return response

    def send(
        self,
        method: str,
        template: str,
        body: Any = None,
        *,
        identity: int | None = None,
        auth: AuthBase | bool | None = True,
        judged: bool = True,
    ) -> requests.Response:
        """A write; `auth=None` sends it without credentials, another `AuthBase` with those. Unless
        `judged` is False (a probe of whether the account may use the operation at all), the answer
        is held to every rule of the contract."""
        data = None if body is None else json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        response = self.session.request(
            method,
            self.url(template, identity),
            data=data,
            headers=headers,
            auth=self.auth if auth is True else auth or _NoAuth(),
        )
        if judged:
            self.judge(response, template)
        else:
            self.sequence.append(self._reproduction(response.request))
        return response

    def judge(self, response: requests.Response, template: str) -> None:
        """Every contract rule on the answer; a failure raises, naming the sequence that led to it."""
        self.sequence.append(self._reproduction(response.request))
        if self.run is None:
            return
        answer = self.exchange(response, template)
        self.run.coverage.observe(answer)
        self.hold(response, template, violations(answer, self.spec), checked=None)
        method = str(response.request.method).upper()
        if method in WRITE_METHODS:
            # The contract's rules judge a body by the status it came with; which status a write
            # answers is the write contract's to judge.
            operation = self.spec.document["paths"][template][method.lower()]
            documented = [int(code) for code in operation.get("responses", {}) if str(code).isdigit()]
            found = rules.write_status(response.status_code, response.content, documented)
            self.hold(response, template, found, rules.WRITE_STATUS)

    def hold(
        self, response: requests.Response, template: str, found: list[Violation], checked: str | None
    ) -> None:
        """Fail with what a write rule (`checked`) found about the state `response` showed."""
        if self.run is None:
            return
        answer = self.exchange(response, template)
        # Every request of the sequence so far: what led the API there is part of the failure.
        steps = "\n    ".join(self.sequence[-20:])
        operation = f"{response.request.method} {template}"
        try:
            if checked is None:
                schemathesis_checks.judge(self.run, answer, found, operation, reproduction=steps)
            else:
                schemathesis_checks.judge(
                    self.run, answer, found, operation, reproduction=steps, checked=(checked,)
                )
        except ContractFailure as failure:
            self.last_failure = failure
            raise

    def exchange(self, response: requests.Response, template: str) -> Exchange:
        return exchange(
            method=str(response.request.method),
            url=str(response.request.url),
            status=response.status_code,
            content_type=response.headers.get("Content-Type", ""),
            body=response.content,
            operation_path=template,
            path_parameters={"id": str(self.integration_id)} if "{id}" in template else {},
            headers=response.headers,
            request_headers=response.request.headers,
        )

    def _reproduction(self, request: requests.PreparedRequest) -> str:
        run = self.run
        is_own = run.is_own if run is not None else (lambda _authorization: False)
        keys = run.key_variables if run is not None else None
        body = request.body if isinstance(request.body, (bytes, str)) else None
        if keys is None:
            return curl(str(request.method), str(request.url), request.headers, is_own=is_own, body=body)
        return curl(
            str(request.method), str(request.url), request.headers, is_own=is_own, keys=keys, body=body
        )

    def payload(self, response: requests.Response) -> Any:
        try:
            return self.dialect.payload(response.json())
        except ValueError:
            return None

    def listed(self) -> tuple[requests.Response, list[dict[str, Any]]]:
        """The account's list of integrations (its first page, where it is paged), and what it lists."""
        response = self.get(self.dialect.resource.list_path)
        found = self.payload(response)
        items = found.get(self.dialect.paging.items_member) if isinstance(found, dict) else found
        return response, [item for item in items or [] if isinstance(item, dict)]

    def answer_members(self, method: str, template: str, status: int) -> set[str]:
        """The members the document's answer shows (inside the version's wrapper; write-only ones not)."""
        schema = self.spec.resolve(self.spec.response_schema(template, method, status) or {})
        wrapper = self.dialect.wrapper
        if wrapper is not None and wrapper in schema.get("properties", {}):
            schema = self.spec.resolve(schema["properties"][wrapper])
        members = schema.get("properties", {}).items()
        return {name for name, member in members if not self.spec.resolve(member).get("writeOnly")}

    def settings(self) -> dict[str, Any]:
        found = self.payload(self.get(self.dialect.writes.item_path))
        return dict(found) if isinstance(found, dict) else {}

    def writable_fields(self) -> list[str]:
        """The fields the version's settings write takes (the document's request body, read-only
        ones left out)."""
        return list(self._writable())

    def _writable(self) -> dict[str, dict[str, Any]]:
        operation = self.spec.document["paths"][self.dialect.writes.item_path][self.partial_method().lower()]
        content = self.spec.resolve(operation["requestBody"])["content"]["application/json"]
        properties = self.spec.resolve(content["schema"]).get("properties", {})
        resolved = {name: self.spec.resolve(schema) for name, schema in properties.items()}
        return {name: schema for name, schema in resolved.items() if not schema.get("readOnly")}

    def restorable_fields(self, settings: dict[str, Any]) -> list[str]:
        """The writable fields whose value in `settings` the document lets a client write back: a run
        changes only those, or it could not leave the account as it found it (a `null` where the
        request's schema wants a string is there to stay)."""
        return [
            name
            for name, schema in self._writable().items()
            if name in settings and self.spec.schema_validator(schema).is_valid(settings[name])
        ]

    def partial_method(self) -> str:
        methods = self.dialect.writes.settings_methods
        return "PATCH" if "PATCH" in methods else methods[0]


class _NoAuth:
    """No credentials at all: requests would otherwise fall back to a `.netrc`."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers.pop("Authorization", None)
        return request
