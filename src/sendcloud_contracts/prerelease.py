"""Pre-release verification: the live suite against every sandbox account in `profiles.toml`.

python -m sendcloud_contracts.prerelease [profiles.toml] [--reports DIR] [--jobs N] [--timeout SECONDS]

Each profile runs `pytest contracts --disable-recording` in its own process with `SENDCLOUD_*`
built from the profile. Different accounts run in parallel; profiles of one account run one
after the other, so no account sees more than one run's requests against its rate limit.
"""

from __future__ import annotations

import argparse
import enum
import os
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ElementTree
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from sendcloud_contracts import counting, exitcodes
from sendcloud_contracts.errors import ConfigurationError
from sendcloud_contracts.settings import AUTH_MODES, AuthMode, parse_auth_mode, parse_url

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_PROFILES = "profiles.toml"
DEFAULT_REPORTS = "reports/prerelease"
DEFAULT_TIMEOUT_SECONDS = 1800
EXIT_ALL_PASS = 0
EXIT_NOT_ALL_PASS = 1
EXIT_BAD_PROFILES = 2
# What the suite raises when it cannot reach the API, as JUnit XML records it: not the contract's fault.
TRANSPORT_ERRORS = ("requests.exceptions.", "urllib3.exceptions.", "ConnectionError", "TimeoutError")

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
                    "base_url": {"type": "string"},
                    "public_key_env": _VARIABLE,
                    "secret_key_env": _VARIABLE,
                    "auth": {"enum": list(AUTH_MODES)},
                    "integration_ids": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "integer", "minimum": 1},
                    },
                    "token_url": {"type": "string"},
                },
            },
        }
    },
}
# How to fix a field, added to the validator's message; keys are last path parts.
_HINTS = {
    "public_key_env": "expected the NAME of the variable holding the key, e.g. SENDCLOUD_EU_PUBLIC_KEY",
    "secret_key_env": "expected the NAME of the variable holding the key, e.g. SENDCLOUD_EU_SECRET_KEY",
    "integration_ids": "expected ids of integrations in the account, e.g. [123, 4711]",
    "profiles": "expected [profiles.NAME] tables with base_url, public_key_env, secret_key_env, "
    "integration_ids; see the committed profiles.toml",
}


class Verdict(enum.StrEnum):
    PASS = "pass"
    CONTRACT_BROKEN = "contract broken"
    INFRASTRUCTURE_ERROR = "infrastructure error"
    CONFIGURATION_ERROR = "configuration error"


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

    def environment(self, environ: Mapping[str, str]) -> dict[str, str]:
        """The environment of this profile's run: the caller's, with `SENDCLOUD_*` from the profile only."""
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
        # Another profile's keys, or the caller's own target, must never reach this run.
        env = {name: value for name, value in environ.items() if not name.startswith("SENDCLOUD_")}
        env.update(
            SENDCLOUD_BASE_URL=self.base_url,
            SENDCLOUD_PUBLIC_KEY=keys[self.public_key_env],
            SENDCLOUD_SECRET_KEY=keys[self.secret_key_env],
            SENDCLOUD_INTEGRATION_IDS=",".join(str(item) for item in self.integration_ids),
            SENDCLOUD_AUTH=self.auth,
        )
        if self.token_url:
            env["SENDCLOUD_TOKEN_URL"] = self.token_url
        return env

    def account(self, environ: Mapping[str, str]) -> tuple[str, str]:
        """Profiles with the same host and public key share one account, and so one rate limit."""
        split = urlsplit(self.base_url)
        return f"{split.scheme}://{split.netloc}", environ.get(self.public_key_env, "").strip()


@dataclass(frozen=True)
class Outcome:
    profile: str
    verdict: Verdict
    failed: int = 0
    tests: int = 0
    requests: int | None = None
    seconds: float = 0.0
    note: str = ""


def load_profiles(path: Path) -> list[Profile]:
    """Read and validate the profiles file; every problem is one line naming the field."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot read the profiles ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigurationError(f"{path}: not valid TOML: {error}") from None
    problem = best_match(Draft202012Validator(PROFILES_SCHEMA).iter_errors(document))
    if problem is not None:
        where = ".".join(str(part) for part in problem.absolute_path) or "(top level)"
        hint = next((_HINTS[str(p)] for p in reversed(problem.absolute_path) if str(p) in _HINTS), "")
        hint = hint or (_HINTS["profiles"] if not problem.absolute_path else "")
        raise ConfigurationError(f"{path}: {where}: {problem.message}" + (f"; {hint}" if hint else ""))
    profiles = []
    for name, raw in document["profiles"].items():
        try:
            base_url = parse_url(f"profiles.{name}.base_url", raw["base_url"]).rstrip("/")
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
            )
        )
    return profiles


def run_profile(
    profile: Profile, *, root: Path, reports: Path, environ: Mapping[str, str], timeout: float
) -> Outcome:
    started = time.monotonic()
    try:
        env = profile.environment(environ)
    except ConfigurationError as error:
        return Outcome(profile.name, Verdict.CONFIGURATION_ERROR, note=str(error))
    reports.mkdir(parents=True, exist_ok=True)
    junit, log = reports / f"{profile.name}.xml", reports / f"{profile.name}.log"
    junit.unlink(missing_ok=True)
    pytest_args = ["contracts", "--disable-recording", "-p", "no:cacheprovider", "-p", counting.__name__]
    reporting = [f"--junitxml={junit}", "-o", f"junit_suite_name={profile.name}", f"--rootdir={root}"]
    command = [sys.executable, "-m", "pytest", *pytest_args, *reporting]
    try:
        with log.open("w", encoding="utf-8") as output:
            code = subprocess.run(
                command,
                cwd=root,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=timeout,
                check=False,
            ).returncode
    except subprocess.TimeoutExpired:
        note = f"no answer within {timeout:g} s: raise --timeout, or check the account's API is up"
        return Outcome(
            profile.name, Verdict.INFRASTRUCTURE_ERROR, seconds=time.monotonic() - started, note=note
        )
    seconds = time.monotonic() - started
    failed, tests, requests, failures = _read_junit(junit)
    verdict, note = _judge(code, failures, log.read_text(encoding="utf-8", errors="replace"))
    return Outcome(profile.name, verdict, failed, tests, requests, seconds, note or f"details: {log}")


def _read_junit(path: Path) -> tuple[int, int, int | None, list[str]]:
    """Failed and total tests, requests sent, and the failure messages, from a run's JUnit XML."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        return 0, 0, None, []
    failures: list[str] = []
    tests = 0
    for case in root.iter("testcase"):
        tests += 1
        for problem in case:
            if problem.tag in ("failure", "error"):
                failures.append(problem.get("message") or problem.text or "")
                break
    requests = next(
        (
            int(prop.get("value", 0))
            for prop in root.iter("property")
            if prop.get("name") == counting.PROPERTY
        ),
        None,
    )
    return len(failures), tests, requests, failures


def _judge(code: int, failures: list[str], log: str) -> tuple[Verdict, str]:
    """The verdict from pytest's exit code; failures that are all transport errors mean no answer came."""
    if code == 0:
        return Verdict.PASS, ""
    if code == 1:
        if failures and all(message.startswith(TRANSPORT_ERRORS) for message in failures):
            return Verdict.INFRASTRUCTURE_ERROR, _first_line(failures[0])
        return Verdict.CONTRACT_BROKEN, ""
    if code in (4, 5):  # usage error (the suite's one-line ERROR) or nothing collected
        errors = [line for line in log.splitlines() if line.startswith("ERROR:")]
        return Verdict.CONFIGURATION_ERROR, _first_line(
            errors[-1] if errors else f"pytest exited with {code}"
        )
    if code == exitcodes.INFRASTRUCTURE:
        stops = [line.split("Exit: ", 1)[1].strip(" !") for line in log.splitlines() if "Exit: " in line]
        return Verdict.INFRASTRUCTURE_ERROR, _first_line(stops[-1] if stops else f"pytest exited with {code}")
    return Verdict.INFRASTRUCTURE_ERROR, f"pytest exited with {code}"


def _first_line(text: str, limit: int = 160) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def run_all(
    profiles: list[Profile],
    *,
    root: Path,
    reports: Path,
    environ: Mapping[str, str],
    jobs: int,
    timeout: float,
) -> list[Outcome]:
    """Accounts in parallel, profiles of one account in sequence; outcomes in the file's order."""
    groups: dict[tuple[str, str], list[Profile]] = {}
    for profile in profiles:
        groups.setdefault(profile.account(environ), []).append(profile)

    def run_group(group: list[Profile]) -> list[Outcome]:
        return [
            run_profile(profile, root=root, reports=reports, environ=environ, timeout=timeout)
            for profile in group
        ]

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(groups)))) as pool:
        results = [outcome for outcomes in pool.map(run_group, groups.values()) for outcome in outcomes]
    order = {profile.name: index for index, profile in enumerate(profiles)}
    return sorted(results, key=lambda outcome: order[outcome.profile])


def render_table(outcomes: list[Outcome]) -> str:
    lines = ["| account | verdict | checks failed | requests | time | note |", "|---|---|---|---|---|---|"]
    for outcome in outcomes:
        failed = f"{outcome.failed} of {outcome.tests}" if outcome.tests else "—"
        requests = "—" if outcome.requests is None else str(outcome.requests)
        seconds = f"{outcome.seconds:.1f} s" if outcome.seconds else "—"
        note = outcome.note.replace("|", "\\|")
        lines.append(
            f"| {outcome.profile} | {outcome.verdict} | {failed} | {requests} | {seconds} | {note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sendcloud_contracts.prerelease",
        description="Run the live contract suite against every sandbox account in a profiles file.",
    )
    parser.add_argument("profiles", nargs="?", type=Path, default=Path(DEFAULT_PROFILES))
    parser.add_argument("--reports", type=Path, default=Path(DEFAULT_REPORTS), help="JUnit XML and logs")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout holding contracts/")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="accounts checked at once")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, help="seconds per profile")
    args = parser.parse_args(argv)
    try:
        profiles = load_profiles(args.profiles)
    except ConfigurationError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return EXIT_BAD_PROFILES
    outcomes = run_all(
        profiles,
        root=args.root.resolve(),
        reports=args.reports.resolve(),
        environ=os.environ,
        jobs=args.jobs,
        timeout=args.timeout,
    )
    print(render_table(outcomes), end="")
    return EXIT_ALL_PASS if all(item.verdict is Verdict.PASS for item in outcomes) else EXIT_NOT_ALL_PASS


if __name__ == "__main__":
    sys.exit(main())
