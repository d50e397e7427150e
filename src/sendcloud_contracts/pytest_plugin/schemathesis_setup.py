"""How the suite configures schemathesis for one run: generation, checks, known ids, the session.

Generated ids alone almost never name an integration of the account, so a run would see one
200 per known id and a flaky error on existing integrations would go unnoticed. Positive cases
therefore draw the path id from the known ids (`SENDCLOUD_INTEGRATION_IDS` live, the recording's
in replay) as often as from the schema; negative cases keep their invalid ids.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import schemathesis
from hypothesis import strategies as st

from sendcloud_contracts._compat import bind_session
from sendcloud_contracts.rules import hygiene, schemathesis_checks

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests
    from requests.auth import AuthBase

    from sendcloud_contracts.http.settings import Target
    from sendcloud_contracts.spec import Spec

# The account is real: probe undocumented methods only with safe ones. The API has PUT, PATCH
# and DELETE on this path, and a probe must never change an integration.
SAFE_PROBE_METHODS = ("OPTIONS", "TRACE", "QUERY")


def schemathesis_config(target: Target, max_examples: int) -> schemathesis.Config:
    # Deterministic generation and no example database: a replay must send exactly the recorded requests.
    switched_off = (*schemathesis_checks.REPLACED_BUILTIN_CHECKS, *hygiene.HYGIENE_BUILTIN_CHECKS)
    return schemathesis.Config.from_dict(
        {
            "base-url": target.base_url,
            "generation": {
                "mode": "all",
                "deterministic": True,
                "database": "none",
                "max-examples": max_examples,
                # Credentials come from `contract_auth`; generated ones would only earn 401s.
                "with-security-parameters": False,
            },
            "phases": {"coverage": {"unexpected-methods": list(SAFE_PROBE_METHODS)}},
            "checks": {name: {"enabled": False} for name in switched_off},
        }
    )


def with_known_ids(path_parameters: dict[str, Any], known_ids: Sequence[int]) -> st.SearchStrategy[Any]:
    """The generated parameters, or the same with `id` replaced by a known id.

    Only a valid generated id (an integer) is replaced: a negative case must stay negative, or
    schemathesis would hold a 200 for a known id against it as accepted invalid data.
    """
    generated = path_parameters.get("id")
    if not known_ids or not isinstance(generated, int) or isinstance(generated, bool):
        return st.just(path_parameters)
    known = st.sampled_from([{**path_parameters, "id": known_id} for known_id in known_ids])
    # A coin per case, not one branch per id: the schema's own ids (huge, zero, negative) keep
    # half the cases however many ids the account lists.
    return st.booleans().flatmap(lambda keep_generated: st.just(path_parameters) if keep_generated else known)


def build_schema(
    spec: Spec,
    target: Target,
    auth: AuthBase,
    max_examples: int,
    session: requests.Session,
) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(spec.document, config=schemathesis_config(target, max_examples))
    schema.auth.set_from_requests(auth)
    known_ids = tuple(target.integration_ids)

    def flatmap_path_parameters(context: schemathesis.HookContext, path_parameters: dict[str, Any]) -> Any:
        return with_known_ids(path_parameters, known_ids)

    schema.hook(flatmap_path_parameters)
    return bind_session(schema, session)
