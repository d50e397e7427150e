"""The sandbox accounts of a pre-release verification: `profiles.toml`, validated, one `Profile` each."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sendcloud_contracts import schemas
from sendcloud_contracts.defaults import VERSION_DOCUMENTS
from sendcloud_contracts.dialects import DIALECTS, Dialect, dialect_for, predecessor_variable
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.http.settings import AUTH_MODES, AuthMode, parse_auth_mode, parse_url

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

_VARIABLE = {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"}
PROFILES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["profiles"],
    "additionalProperties": False,
    "properties": {
        "profiles": {
            "type": "object",
            "minProperties": 1,
            # Names become file names under the reports folder.
            "propertyNames": {"pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$"},
            "additionalProperties": {
                "type": "object",
                "required": ["base_url", "public_key_env", "secret_key_env", "integration_ids"],
                "additionalProperties": False,
                "properties": {
                    "base_url": {
                        "type": "string",
                        "description": "the account's API base URL, ending in `/api/v2` or `/api/v3`; each "
                        "version's run goes to its host with that version's path",
                    },
                    "public_key_env": {
                        **_VARIABLE,
                        "description": "the name of the variable holding the public key, e.g. "
                        "`SENDCLOUD_EU_SHOP_PUBLIC_KEY` (keep `SENDCLOUD_*`: tox passes only those)",
                    },
                    "secret_key_env": {
                        **_VARIABLE,
                        "description": "the name of the variable holding the secret key",
                    },
                    "auth": {
                        "enum": list(AUTH_MODES),
                        "default": "basic",
                        "description": "how the run authenticates: Basic, or OAuth2 client credentials",
                    },
                    "integration_ids": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "integer", "minimum": 1},
                        "description": "ids of integrations that exist in the account and must answer 200",
                    },
                    "token_url": {
                        "type": "string",
                        "default": "the document's",
                        "description": "the OAuth2 token endpoint (OAuth2 only)",
                    },
                    # The one integration the write contract may change on this account; without
                    # it the profile's runs never write.
                    "write_integration_id": {
                        "type": "integer",
                        "minimum": 1,
                        "description": "the one integration the write contract may change, restored "
                        "afterwards; with it, `NAME-writes` (and `NAME-writes-v3`) run too; without it "
                        "the profile never writes",
                    },
                    # The API versions the account has: one run each (an account created after v2
                    # went into maintenance may have v3 only).
                    "versions": {
                        "type": "array",
                        "minItems": 1,
                        "uniqueItems": True,
                        "items": {"enum": [dialect.name for dialect in DIALECTS]},
                        "default": [dialect.name for dialect in DIALECTS],
                        "description": "the API versions the account has: one run each, the v3 run "
                        "reporting as `NAME-v3` and compared with the account's v2 where it has one",
                    },
                },
            },
        }
    },
}
# Variables that shape a run without naming its target or credentials.
RUN_SETTINGS = frozenset(
    {
        "SENDCLOUD_MAX_EXAMPLES",
        "SENDCLOUD_MAX_PAGES",
        "SENDCLOUD_RATE_LIMIT",
        "SENDCLOUD_THROTTLE_BUDGET",
        "SENDCLOUD_CONNECT_TIMEOUT",
        "SENDCLOUD_READ_TIMEOUT",
        "SENDCLOUD_CONTRACTS_CACHE",
    }
)
# The suite's variables a profile sets for its run (`Profile.environment`).
_SUITE_SETTING = re.compile(
    r"\bSENDCLOUD_(?:BASE_URL|TOKEN_URL|AUTH|INTEGRATION_IDS|PUBLIC_KEY|SECRET_KEY|WRITE_INTEGRATION_ID)\b"
)
# How to fix a field, added to the validator's message; keys are last path parts.
_HINTS = {
    "public_key_env": "expected the NAME of the variable holding the key, e.g. SENDCLOUD_EU_PUBLIC_KEY",
    "secret_key_env": "expected the NAME of the variable holding the key, e.g. SENDCLOUD_EU_SECRET_KEY",
    "integration_ids": "expected ids of integrations in the account, e.g. [123, 4711]",
    "versions": 'expected the API versions the account has, e.g. ["v2", "v3"]',
    "profiles": "expected [profiles.NAME] tables with base_url, public_key_env, secret_key_env, "
    "integration_ids; see the committed profiles.toml",
}


@dataclass(frozen=True)
class Profile:
    """One sandbox account; keys are named by variable, never written down."""

    name: str
    base_url: str
    public_key_env: str
    secret_key_env: str
    integration_ids: tuple[int, ...]
    auth: AuthMode = "basic"
    token_url: str | None = None
    # The versions the account has, and the one this profile's run tests (`runs`).
    versions: tuple[str, ...] = tuple(dialect.name for dialect in DIALECTS)
    version: str = DIALECTS[0].name
    # The profile's table in the file (`[profiles.new-shop]`), whichever version's run this is.
    table: str = ""
    # The one integration the write contract may change; None: this profile never writes.
    write_integration_id: int | None = None
    # Whether this run is the write contract's (`NAME-writes`), not the reads'.
    writes: bool = False

    @property
    def where(self) -> str:
        """The profile as the user finds it in the file: `[profiles.new-shop]`."""
        return f"[profiles.{self.table or self.name}]"

    @property
    def dialect(self) -> Dialect:
        return next(dialect for dialect in DIALECTS if dialect.name == self.version)

    @property
    def document(self) -> str:
        """The document this run tests: its version's complete one."""
        return VERSION_DOCUMENTS[self.version]

    def runs(self) -> list[Profile]:
        """One run per version the account has, each aimed at that version's base URL on the same
        host; v2's keeps the profile's name, the others add the version (`eu-shop-v3`). A profile
        naming a `write_integration_id` adds the write contract's run per version (`eu-shop-writes`)."""
        reads = [
            replace(
                self,
                name=self.name + dialect.report_suffix,
                version=dialect.name,
                base_url=self.url(dialect),
                table=self.table or self.name,
            )
            for dialect in DIALECTS
            if dialect.name in self.versions
        ]
        if self.write_integration_id is None:
            return reads
        writes = [
            replace(run, name=f"{self.name}-writes{run.dialect.report_suffix}", writes=True) for run in reads
        ]
        return [*reads, *writes]

    def url(self, dialect: Dialect) -> str:
        """The base URL of `dialect` on the profile's host: its `base_url` with the version's path."""
        named = dialect_for(self.base_url)
        assert named is not None  # load_profiles refuses a base_url that names no version
        return self.base_url.removesuffix(named.base_path) + dialect.base_path

    def environment(self, environ: Mapping[str, str]) -> dict[str, str]:
        """The environment of this profile's run: the caller's, its target and keys from the profile only."""
        keys = {}
        for variable in (self.public_key_env, self.secret_key_env):
            keys[variable] = environ.get(variable, "").strip()
            if not keys[variable]:
                raise ConfigurationError(
                    f"{variable} is not set: export the account's key under that name"
                    + (
                        ""
                        if variable.startswith("SENDCLOUD_")
                        else " (tox passes only SENDCLOUD_* variables)"
                    )
                )
        # Another profile's keys, or the caller's own target, must never reach this run; how a
        # run behaves (its pace, timeouts, budgets) is the caller's choice for every profile.
        env = {
            name: value
            for name, value in environ.items()
            if not name.startswith("SENDCLOUD_") or name in RUN_SETTINGS
        }
        env.update(
            SENDCLOUD_BASE_URL=self.base_url,
            SENDCLOUD_PUBLIC_KEY=keys[self.public_key_env],
            SENDCLOUD_SECRET_KEY=keys[self.secret_key_env],
            SENDCLOUD_INTEGRATION_IDS=",".join(str(item) for item in self.integration_ids),
            SENDCLOUD_AUTH=self.auth,
        )
        if self.token_url:
            env["SENDCLOUD_TOKEN_URL"] = self.token_url
        if self.writes and self.write_integration_id is not None:
            env["SENDCLOUD_WRITE_INTEGRATION_ID"] = str(self.write_integration_id)
        older = self.dialect.predecessor
        if older is not None:
            # Compared with the version it replaced where the account has it; never asked otherwise.
            env[predecessor_variable(older)] = self.url(older) if older.name in self.versions else "none"
        return env

    def setting_names(self) -> str:
        """`SENDCLOUD_X=where,...`: how the run's messages name the variables this profile sets."""
        return ",".join(f"{variable}={where}" for variable, where in self._sources().items())

    def _sources(self) -> dict[str, str]:
        return {
            "SENDCLOUD_BASE_URL": f"`base_url` of {self.where}",
            "SENDCLOUD_TOKEN_URL": f"`token_url` of {self.where}",
            "SENDCLOUD_AUTH": f"`auth` of {self.where}",
            "SENDCLOUD_INTEGRATION_IDS": f"`integration_ids` of {self.where}",
            "SENDCLOUD_WRITE_INTEGRATION_ID": f"`write_integration_id` of {self.where}",
            "SENDCLOUD_PUBLIC_KEY": self.public_key_env,
            "SENDCLOUD_SECRET_KEY": self.secret_key_env,
        }

    def in_its_terms(self, text: str) -> str:
        """`text` with the suite's variables for target and keys named as this profile sets them.

        A profile's run gets `SENDCLOUD_BASE_URL` and the rest from the profile: a note telling the
        user to check `SENDCLOUD_BASE_URL` would send them to a variable they never set.
        """
        where = self._sources()
        return _SUITE_SETTING.sub(lambda match: where[match.group(0)], text)

    def account(self, environ: Mapping[str, str]) -> tuple[str, str]:
        """Profiles with the same host and public key share one account, and so one rate limit."""
        split = urlsplit(self.base_url)
        return f"{split.scheme}://{split.netloc}", environ.get(self.public_key_env, "").strip()


def accounts_of(profiles: list[Profile]) -> int:
    """How many accounts the runs check: one per host and public key variable, whatever the key holds
    (a merge of CI jobs never sees the keys)."""
    return len({(urlsplit(profile.base_url).netloc, profile.public_key_env) for profile in profiles})


def load_profiles(path: Path) -> list[Profile]:
    """Read and validate the profiles file; every problem is one line naming the field."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read the profiles ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path}: not valid TOML: {error}") from None
    problem = schemas.first_problem(schemas.validator(PROFILES_SCHEMA), document)
    if problem is not None:
        where = problem.location(".", "(top level)")
        hint = next((_HINTS[str(p)] for p in reversed(problem.path) if str(p) in _HINTS), "")
        hint = hint or (_HINTS["profiles"] if not problem.path else "")
        raise ConfigurationError(f"{path}: {where}: {problem.message}" + (f"; {hint}" if hint else ""))
    profiles = []
    for name, raw in document["profiles"].items():
        try:
            base_url = parse_url(f"profiles.{name}.base_url", raw["base_url"]).rstrip("/")
            if dialect_for(base_url) is None:
                versions = " or ".join(dialect.base_path for dialect in DIALECTS)
                raise ConfigurationError(
                    f"profiles.{name}.base_url={base_url!r} names no API version: it ends in {versions}, "
                    "e.g. https://panel.sendcloud.sc/api/v2"
                )
            token_url = (
                parse_url(f"profiles.{name}.token_url", raw["token_url"]) if "token_url" in raw else None
            )
        except ConfigurationError as error:
            raise ConfigurationError(f"{path}: {error}") from None
        profiles.append(
            Profile(
                name=name,
                base_url=base_url,
                public_key_env=raw["public_key_env"],
                secret_key_env=raw["secret_key_env"],
                integration_ids=tuple(raw["integration_ids"]),
                auth=parse_auth_mode(raw.get("auth", "basic")),
                token_url=token_url,
                versions=tuple(raw.get("versions", [dialect.name for dialect in DIALECTS])),
                table=name,
                write_integration_id=raw.get("write_integration_id"),
            )
        )
    return profiles
