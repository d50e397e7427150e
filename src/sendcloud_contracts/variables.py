"""The `SENDCLOUD_*` variables the suite reads: one list for `--help`, for the warning about a name it
does not know (a typo reads as unset and falls back to a default without a word), and for the
documentation's reference of variables (`docs/reference/variables.md`, generated from this list).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

PREFIX = "SENDCLOUD_"


@dataclass(frozen=True)
class Variable:
    name: str
    # One line for `--help` and `python -m sendcloud_contracts --help`.
    meaning: str
    default: str
    # The documentation's reference (`reference/`): what the variable does, in full.
    detail: str = ""


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "SENDCLOUD_BASE_URL",
        "the API's base URL (/api/v2 or /api/v3, as the spec)",
        "the spec's server",
        (
            "the API's base URL, ending in `/api/v2` or `/api/v3` as the document's version; a base URL "
            "of the other version than the document's stops the run (exit 4)"
        ),
    ),
    Variable(
        "SENDCLOUD_PUBLIC_KEY",
        "the account's public API key",
        "required live",
        "the account's public API key (the Basic user name, the OAuth2 client id)",
    ),
    Variable(
        "SENDCLOUD_SECRET_KEY",
        "the account's secret API key",
        "required live",
        "the account's secret API key",
    ),
    Variable(
        "SENDCLOUD_INTEGRATION_IDS",
        "ids of integrations in the account, e.g. 123,4711",
        "required live",
        (
            "comma-separated ids of integrations that exist in the account; the preflight asks for each "
            "once, and generated requests use them"
        ),
    ),
    Variable(
        "SENDCLOUD_AUTH",
        "basic or oauth2 (client credentials)",
        "basic",
        "`basic` or `oauth2` (client credentials)",
    ),
    Variable(
        "SENDCLOUD_TOKEN_URL",
        "the OAuth2 token endpoint",
        "the spec's",
        (
            "the OAuth2 token endpoint (default: the document's, "
            "`https://account.sendcloud.com/oauth2/token/`)"
        ),
    ),
    Variable(
        "SENDCLOUD_MAX_EXAMPLES",
        "generated cases per operation (live, record)",
        "25 (v3: 5)",
        (
            "generated cases per operation (on top of schemathesis' coverage cases), live and when "
            "recording; a replay generates the number in `recording.json`"
        ),
    ),
    Variable(
        "SENDCLOUD_MAX_PAGES",
        "pages one walk of a paginated list may read",
        "5",
        (
            "pages one walk of a paginated list may read by following `next`, the first included (at "
            "least 2); a replay reads the number in `recording.json`"
        ),
    ),
    Variable(
        "SENDCLOUD_RATE_LIMIT",
        "client-side limit: N/s, N/m or N/h",
        "10/s",
        (
            "client-side limit, `N/s`, `N/m` (or `N/min`) or `N/h`, as schemathesis writes it (e.g. "
            "`10/s`, `300/m`, `5000/h`); requests are spaced evenly"
        ),
    ),
    Variable(
        "SENDCLOUD_THROTTLE_BUDGET",
        "seconds one request may wait out 429s",
        "60",
        "seconds one request may spend waiting out `429` answers before the run stops (exit 75)",
    ),
    Variable(
        "SENDCLOUD_CONNECT_TIMEOUT",
        "seconds to open a connection",
        "5",
        "seconds to open a connection",
    ),
    Variable(
        "SENDCLOUD_READ_TIMEOUT",
        "seconds to wait for an answer",
        "10",
        "seconds to wait for an answer once connected",
    ),
    Variable(
        "SENDCLOUD_V2_BASE_URL",
        "a v3 run: where v2 of the account is asked, or none",
        "the v3 base URL's v2",
        (
            "a v3 run: where it asks v2 of the same account, to compare (default: the v3 base URL with "
            "`/api/v3` replaced by `/api/v2`); `none` turns the comparison off"
        ),
    ),
    Variable(
        "SENDCLOUD_CONTRACTS_CACHE",
        "where validated specs are remembered",
        "~/.cache/sendcloud-contracts",
        (
            "the folder where a validated document is remembered (default: "
            "`~/.cache/sendcloud-contracts`, or under `$XDG_CACHE_HOME`)"
        ),
    ),
    Variable(
        "SENDCLOUD_TOKEN",
        "a token for printed OAuth2 reproductions (curl reads it)",
        "unset",
        ("not read by the suite: the OAuth2 token a printed reproduction sends (`curl --oauth2-bearer`)"),
    ),
    Variable(
        "SENDCLOUD_WRITE_INTEGRATION_ID",
        "write runs: the one integration they may change",
        "required writes",
        (
            "write runs (`--writes`): the one integration of the account they may change, restored "
            "afterwards; without it nothing is written"
        ),
    ),
    Variable(
        "SENDCLOUD_HISTORY_KEY",
        "what a run is compared with in the history",
        "mode, document, account",
        (
            "what a run is compared with in the history (default: the mode, document, version and "
            "account; pre-release sets each profile's name)"
        ),
    ),
)
KNOWN = frozenset(variable.name for variable in VARIABLES)
# Read by the project's own tests, not by the suite: CI sets it, and it is no typo.
PROJECT_VARIABLES = frozenset({"SENDCLOUD_CONTRACTS_REQUIRE_BROWSER", "SENDCLOUD_CONTRACTS_REAL_TOX"})
# Where pre-release profiles keep their keys (`public_key_env`, `secret_key_env`), as the documentation
# and profiles.toml name them: `SENDCLOUD_EU_SHOP_PUBLIC_KEY`. Not the suite's, not a typo.
PROFILE_KEY = re.compile(rf"^{PREFIX}[A-Z0-9_]+_(?:PUBLIC|SECRET)_KEY$")


def help_lines() -> list[str]:
    """The variables for `--help`, after pytest's own."""
    width = max(len(variable.name) for variable in VARIABLES)
    return [
        "Environment variables of sendcloud-contracts (live and record runs; replay reads recording.json):",
        *(
            f"  {variable.name:<{width}}  {variable.meaning} (default: {variable.default})"
            for variable in VARIABLES
        ),
    ]


def unknown(environ: Mapping[str, str], also_known: Iterable[str] = ()) -> list[str]:
    """One warning per `SENDCLOUD_*` variable the suite does not read, naming the closest it does."""
    known = KNOWN | PROJECT_VARIABLES | set(also_known)
    warnings = []
    for name in sorted(environ):
        if not name.startswith(PREFIX) or name in known or PROFILE_KEY.match(name):
            continue
        (closest,) = difflib.get_close_matches(name, sorted(KNOWN), n=1, cutoff=0)
        warnings.append(
            f"WARNING: {name} is not a variable sendcloud-contracts reads, so it changes nothing; "
            f"did you mean {closest}?"
        )
    return warnings
