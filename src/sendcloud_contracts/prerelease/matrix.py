"""A verification fanned out over a CI matrix: one job per account, as `--matrix` prints it.

Profiles that share an account (its host and key variables) share its rate limit, so they run in one
job, one after the other, as a local verification runs them; each job holds that account's keys
only. The job is named after the account's first profile in the file. GitHub Actions reads the JSON
as `strategy.matrix` (`fromJSON`): `include` lists the jobs, each with the profiles it runs and the
names of the variables its keys must be exported under.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sendcloud_contracts.prerelease.profiles import Profile


def jobs(profiles: list[Profile]) -> list[dict[str, str]]:
    """One entry per account, in the file's order: `account`, `profiles` (space-separated), and the
    variables its keys go under."""
    accounts: dict[tuple[str, str, str], list[str]] = {}
    for profile in profiles:
        account = (urlsplit(profile.base_url).netloc, profile.public_key_env, profile.secret_key_env)
        accounts.setdefault(account, []).append(profile.table or profile.name)
    return [
        {
            "account": names[0],
            "profiles": " ".join(names),
            "public_key_env": public_key_env,
            "secret_key_env": secret_key_env,
        }
        for (_host, public_key_env, secret_key_env), names in accounts.items()
    ]


def matrix(profiles: list[Profile]) -> str:
    """The matrix as one line of JSON, for `$GITHUB_OUTPUT`."""
    return json.dumps({"include": jobs(profiles)}, separators=(",", ":"))
