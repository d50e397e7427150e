"""How the suite configures schemathesis for one run: generation, checks, known ids, the session.

Generated ids alone almost never name an integration of the account, so a run would see one
200 per known id and a flaky error on existing integrations would go unnoticed. Positive cases
therefore draw the path id from the known ids (`SENDCLOUD_INTEGRATION_IDS` live, the recording's
in replay) as often as from the schema; negative cases keep their invalid ids.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

import schemathesis
from hypothesis import strategies as st

from sendcloud_contracts._compat import bind_session
from sendcloud_contracts.rules import authentication, hygiene, invalid_requests, schemathesis_checks
from sendcloud_contracts.spec import HTTP_METHODS

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.pytest_plugin.seeding import Generation
    from sendcloud_contracts.spec import Spec

# The account is real: probe undocumented methods only with safe ones. The API has PUT, PATCH
# and DELETE on this path, and a probe must never change an integration.
SAFE_PROBE_METHODS = ("OPTIONS", "TRACE", "QUERY")
# The only documented operations ever sent: the others change or delete data of a real account.
SENT_METHODS = ("GET",)


def unsent_operations(spec: Spec) -> list[str]:
    """The documented operations the suite never sends, as `METHOD /path`."""
    return [
        f"{method.upper()} {path}"
        for path, item in spec.document.get("paths", {}).items()
        for method in HTTP_METHODS
        if method in item and method.upper() not in SENT_METHODS
    ]


def unsent_methods(spec: Spec) -> list[str]:
    return list(dict.fromkeys(operation.split(" ", 1)[0] for operation in unsent_operations(spec)))


def unsent_header(spec: Spec) -> list[str]:
    """The run header's line about what is left out, if anything is."""
    unsent = unsent_operations(spec)
    if not unsent:
        return []
    why = "never sent, as they change or delete data on a real account"
    return [f"sendcloud-contracts: {why}: {', '.join(unsent)}"]


def schemathesis_config(
    target: Target, generation: Generation, unsent: Sequence[str] = ()
) -> schemathesis.Config:
    # Without a seed, deterministic generation (a replay must send exactly the recorded requests);
    # with one, generation follows it. Never an example database: a run depends on nothing left
    # over from an earlier one.
    switched_off = (
        *schemathesis_checks.REPLACED_BUILTIN_CHECKS,
        *authentication.REPLACED_BUILTIN_CHECKS,
        *hygiene.HYGIENE_BUILTIN_CHECKS,
        *invalid_requests.JUDGED_BUILTIN_CHECKS,
    )
    seeded = {} if generation.seed is None else {"seed": generation.seed}
    return schemathesis.Config.from_dict(
        {
            **seeded,
            "base-url": target.base_url,
            "generation": {
                "mode": "all",
                "deterministic": generation.seed is None,
                "database": "none",
                "max-examples": generation.max_examples,
                # Credentials come from `contract_auth`; generated ones would only earn 401s.
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"unexpected-methods": list(SAFE_PROBE_METHODS)}},
            "checks": {name: {"enabled": False} for name in switched_off},
            # In the config, not a schema filter: schemathesis' pytest fixture keeps the config.
            # Only documented methods: a filter on OPTIONS would also silence the probes above.
            "operations": [{"include-method": list(unsent), "enabled": False}] if unsent else [],
        }
    )


def with_known_ids(path_parameters: dict[str, Any], known_ids: Sequence[int]) -> st.SearchStrategy[Any]:
    """The generated parameters, or the same with `id` replaced by a known id.

    Only a valid generated id (an integer) is replaced: a negative case must stay negative, or
    schemathesis would hold a 200 for a known id against it as accepted invalid data.
    """
    generated = (path_parameters or {}).get("id")
    if not known_ids or not isinstance(generated, int) or isinstance(generated, bool):
        return st.just(path_parameters)
    known = st.sampled_from([{**path_parameters, "id": known_id} for known_id in known_ids])
    # A coin per case, not one branch per id: the schema's own ids (huge, zero, negative) keep
    # half the cases however many ids the account lists.
    return st.booleans().flatmap(lambda keep_generated: st.just(path_parameters) if keep_generated else known)


def with_known_owners(
    document: dict[str, Any], parameters: Sequence[str], known_ids: Sequence[int]
) -> dict[str, Any]:
    """The document as schemathesis reads it: each query parameter naming an integration takes a known id.

    Such a parameter (`integration_id`) asks for what belongs to one integration of the account: an
    id from the schema alone names none, and the API rightly refuses it, which schemathesis would
    call a valid request rejected. Every phase draws from the known ids (its examples and coverage
    cases too); negative cases still send other values. The suite's own rules read the document as
    it is.
    """
    if not known_ids or not parameters:
        return document
    copied = copy.deepcopy(document)
    for parameter in _query_parameters(copied):
        if parameter.get("name") in parameters:
            parameter["schema"] = {"type": "integer", "enum": list(known_ids)}
            parameter.pop("example", None)
            parameter.pop("examples", None)
    return copied


def _query_parameters(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every query parameter object of the document, shared ones (`#/components/parameters`) once."""
    found = list(document.get("components", {}).get("parameters", {}).values())
    for item in document.get("paths", {}).values():
        found += item.get("parameters", [])
        found += [
            parameter for method in HTTP_METHODS for parameter in item.get(method, {}).get("parameters", [])
        ]
    return [
        parameter for parameter in found if isinstance(parameter, dict) and parameter.get("in") == "query"
    ]


def build_schema(
    spec: Spec,
    target: Target,
    auth: AuthBase,
    generation: Generation,
    session: requests.Session,
) -> schemathesis.BaseSchema:
    config = schemathesis_config(target, generation, unsent_methods(spec))
    known_ids = tuple(target.integration_ids)
    document = with_known_owners(spec.document, spec.dialect.resource.owner_parameters, known_ids)
    schema = schemathesis.openapi.from_dict(document, config=config)
    schema.auth.set_from_requests(auth)

    def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any]) -> Any:
        return with_known_ids(path_parameters, known_ids)

    schema.hook(flatmap_path_parameters)
    return bind_session(schema, session)
