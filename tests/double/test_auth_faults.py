"""The catalogue's credentials checked in part: each lets in one part, and nothing else."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import pytest

from sendcloud_contracts.double import DoubleApp, Request
from sendcloud_contracts.double.catalogue.faults import variant

if TYPE_CHECKING:
    from collections.abc import Callable

    from sendcloud_contracts.double import Reply

PUBLIC, SECRET = "double-public-key", "double-secret-key"
TOKEN_FORM = b"grant_type=client_credentials&scope=api"


def pair(public: str, secret: str) -> str:
    return base64.b64encode(f"{public}:{secret}".encode()).decode()


def get(app: DoubleApp, authorization: str) -> Reply:
    return app.handle(Request("GET", "/api/v2/integrations/123", "", {"Authorization": authorization}))


def token(app: DoubleApp, authorization: str) -> Reply:
    return app.handle(Request("POST", "/oauth2/token/", "", {"Authorization": authorization}, TOKEN_FORM))


def lets_in(*authorizations: str) -> Callable[[DoubleApp], None]:
    """The API serves exactly the probes named here, and refuses the others and wrong credentials."""
    probes = {
        "right key": f"Basic {pair(PUBLIC, 'wrong')}",
        "right secret": f"Basic {pair('wrong', SECRET)}",
        "other scheme": f"Bearer {pair(PUBLIC, SECRET)}",
    }

    def expectation(app: DoubleApp) -> None:
        for name, authorization in probes.items():
            assert get(app, authorization).status == (200 if name in authorizations else 401), name
        assert get(app, f"Basic {pair('wrong', 'wrong')}").status == 401
        assert get(app, f"Basic {pair(PUBLIC, SECRET)}").status == 200
        assert token(app, f"Basic {pair(PUBLIC, 'wrong')}").status == 401

    return expectation


def token_for_a_wrong_secret(app: DoubleApp) -> None:
    assert token(app, f"Basic {pair(PUBLIC, 'wrong')}").status == 200
    assert token(app, f"Basic {pair('wrong', SECRET)}").status == 401
    assert token(app, f"Bearer {pair(PUBLIC, SECRET)}").status == 401
    assert get(app, f"Basic {pair(PUBLIC, 'wrong')}").status == 401


AUTH_FAULT_EXPECTATIONS: dict[str, Callable[[DoubleApp], None]] = {
    "right-key-any-secret": lets_in("right key"),
    "any-key-right-secret": lets_in("right secret"),
    "credentials-under-any-scheme": lets_in("other scheme"),
    "token-for-a-wrong-secret": token_for_a_wrong_secret,
}


def test_the_faithful_double_refuses_every_part_on_its_own() -> None:
    lets_in()(DoubleApp())
    app = DoubleApp()
    for authorization in (f"Basic {pair(PUBLIC, 'wrong')}", f"Basic {pair('wrong', SECRET)}"):
        assert token(app, authorization).status == 401
    assert token(app, f"Bearer {pair(PUBLIC, SECRET)}").status == 401


@pytest.mark.parametrize("name", list(AUTH_FAULT_EXPECTATIONS))
def test_each_names_the_exit_code_and_the_authentication_it_needs(name: str) -> None:
    entry = variant(name)
    assert entry.expected_exit_code == 1
    assert entry.auth == ("oauth2" if name.startswith("token-") else "basic")
