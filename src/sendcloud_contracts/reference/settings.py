"""What a user sets: the `SENDCLOUD_*` variables, the suite's pytest options, a profile's fields; and
the exit codes every command ends with."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast

from sendcloud_contracts import exitcodes
from sendcloud_contracts.prerelease.profiles import PROFILES_SCHEMA
from sendcloud_contracts.pytest_plugin import options
from sendcloud_contracts.reference.markdown import code, page, table
from sendcloud_contracts.reports.outcome import PRECEDENCE
from sendcloud_contracts.variables import VARIABLES

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pytest

# Each code `exitcodes.py` defines: (the ending, what it means, what to do). A code without an entry
# here stops the build of the site.
EXIT_CODES: dict[int, tuple[str, str, str]] = {
    exitcodes.HOLDS: (
        "pass",
        "the contract holds (drift: nothing drifted; docdiff: nothing can break a client)",
        "",
    ),
    exitcodes.BROKEN: (
        "fail",
        "the API broke the contract: a client of the documented operations would break or be misled "
        "(drift: something drifted; docdiff: a change can break a client; writes-restore: an account "
        "could not be restored)",
        "read the failures; this is what the suite is for",
    ),
    exitcodes.INTERRUPTED: (
        "interrupted",
        "Ctrl-C or SIGTERM ended the run (through tox too); its reports say `INTERRUPTED`",
        "nothing is known about the contract: run it again",
    ),
    exitcodes.CRASHED: (
        "crashed",
        "an internal error of the suite or a plugin, not a finding about the API",
        "report it with the log; nothing is known about the contract",
    ),
    exitcodes.BAD_INPUT: (
        "stopped: setup mistake",
        "the input is wrong: the document, settings, cassettes, recordings made from another document "
        "than the one given, profiles, command-line arguments, credentials the API rejects, a known id "
        "that answers 404 in the preflight, a base URL that does not lead to the API, a Python without "
        "the package",
        "fix what the one-line `ERROR:` message names; no request was judged",
    ),
    exitcodes.NO_TESTS: (
        "stopped: nothing selected",
        "pytest's own code for a run that selected no test (`-k`, `-m`, `--deselect`); the suite's "
        "reports call it a setup mistake",
        "check the selection",
    ),
    exitcodes.INFRASTRUCTURE: (
        "stopped: infrastructure",
        "connection refused, DNS, TLS, a time-out, or throttled past `SENDCLOUD_THROTTLE_BUDGET` "
        "(`EX_TEMPFAIL` of sysexits.h)",
        "run again later; nothing is known about the contract, and the same run may pass unchanged",
    ),
}


def defined_exit_codes() -> dict[str, int]:
    """Every exit code `exitcodes.py` names, by its name there."""
    return {
        name: value
        for name, value in vars(exitcodes).items()
        if name.isupper() and isinstance(value, int) and not isinstance(value, bool)
    }


def variables_page() -> str:
    rows = [
        (code(variable.name), variable.detail or variable.meaning, variable.default) for variable in VARIABLES
    ]
    return page(
        "Variables",
        "`src/sendcloud_contracts/variables.py`",
        "Live, record and write runs read these; a replay reads none of them and aims at what its "
        "`recording.json` names. Every tox environment that runs the suite passes `SENDCLOUD_*` through. "
        "A `SENDCLOUD_*` name the suite does not read (`SENDCLOUD_BASEURL`) is named in one `WARNING:` "
        "line before any request, with the closest name it does read; the variables that hold a "
        "pre-release profile's keys (`SENDCLOUD_<ACCOUNT>_PUBLIC_KEY`, `..._SECRET_KEY`) are not warned "
        "about. `python3 -m tox -e live -- --help` lists them after pytest's own.",
        table(("variable", "meaning", "default"), rows),
    )


class _Group:
    def __init__(self) -> None:
        self.options: list[tuple[tuple[str, ...], dict[str, Any]]] = []

    def addoption(self, *names: str, **attributes: Any) -> None:
        self.options.append((names, attributes))


class _Parser:
    """Stands in for pytest's parser: keeps what the suite's `pytest_addoption` adds."""

    def __init__(self) -> None:
        self.group = _Group()

    def getgroup(self, name: str, description: str = "") -> _Group:
        return self.group


class _Plugins:
    def get_plugin(self, name: str) -> None:
        return None


def suite_options() -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    """The options the suite's pytest plugin adds, as its `pytest_addoption` adds them."""
    parser = _Parser()
    options.pytest_addoption(cast("pytest.Parser", parser), cast("pytest.PytestPluginManager", _Plugins()))
    return parser.group.options


def _usage(names: Sequence[str], attributes: dict[str, Any]) -> str:
    if attributes.get("action") in ("store_true", "store_false"):
        return ", ".join(code(name) for name in names)
    metavar = attributes.get("metavar") or names[-1].lstrip("-").upper().replace("-", "_")
    return ", ".join(code(f"{name} {metavar}") for name in names)


# Options of the libraries the suite is built on, which its commands and hints use.
BORROWED_OPTIONS = (
    (
        "`--disable-recording`",
        "pytest-recording",
        "a live run: every request reaches the API, nothing is recorded",
    ),
    (
        "`--record-mode=rewrite`",
        "pytest-recording",
        "record: every request reaches the API and the cassettes are written afresh (into a staging "
        "folder, published only when the run completed)",
    ),
    (
        "`--hypothesis-seed=N`",
        "Hypothesis",
        "a live run generates from seed `N`, not a fresh one; replay and record runs refuse it (exit 4)",
    ),
    (
        "`--alluredir DIR`",
        "allure-pytest (the `allure` extra)",
        "Allure results from the same run, secrets redacted",
    ),
)


def options_page() -> str:
    rows = [(_usage(names, attributes), attributes.get("help", "")) for names, attributes in suite_options()]
    return page(
        "Options of the suite",
        "`src/sendcloud_contracts/pytest_plugin/options.py`",
        "`pytest contracts` takes these besides pytest's own; through tox, after `--`: "
        "`python3 -m tox -e live -- --strict-hygiene`. Paths are relative to the checkout.",
        table(("option", "what it does"), rows),
        "## Options of the libraries the suite runs on",
        "The tox environments pass these for you; a run given one by hand behaves as the table says.",
        table(("option", "from", "what it does"), BORROWED_OPTIONS),
    )


def exit_codes_page() -> str:
    rows = []
    for name, value in sorted(defined_exit_codes().items(), key=lambda item: item[1]):
        ending, meaning, todo = EXIT_CODES[value]
        rows.append((code(str(value)), code(name), ending, meaning, todo))
    order = ", ".join(str(value) for value in PRECEDENCE)
    return page(
        "Exit codes",
        "`src/sendcloud_contracts/exitcodes.py` and `reports/outcome.py`",
        "Every entry point uses the same codes: the suite (`pytest contracts`, every tox environment "
        "that runs it), `tox -e contracts`, drift, docdiff, pre-release, `writes-restore`, and the "
        "double's `-- COMMAND`, which passes its command's code through. 4 and 75 end a run early with "
        "one line and no traceback; a nightly job can retry on 75 and page on 1.",
        table(("code", "name in `exitcodes.py`", "ending", "meaning", "what to do"), rows),
        "## Several runs, one code",
        f"`tox -e contracts` (a replay per API version and contract) and pre-release (a run per profile "
        f"and version) end with the most telling code of their runs, the first of {order} that any run "
        "ended with, else 0: a broken contract outranks a setup mistake, which outranks infrastructure; "
        "a run that crashed or was interrupted knows nothing, so it outranks only runs that passed. A "
        "run still under way, or none at all, is never a pass.",
    )


def _type(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return " or ".join(code(f'"{value}"') for value in schema["enum"])
    if schema.get("type") == "array":
        return f"array of {_type(schema['items'])}"
    return str(schema.get("type", ""))


def _default(field: dict[str, Any]) -> str:
    value = field.get("default")
    if value is None:
        return "none"
    return code(json.dumps(value)) if not isinstance(value, str) or field.get("enum") else value


def profiles_page() -> str:
    profile = PROFILES_SCHEMA["properties"]["profiles"]["additionalProperties"]
    required = set(profile["required"])
    rows = [
        (
            code(name),
            _type(field),
            "yes" if name in required else f"no; default: {_default(field)}",
            field["description"],
        )
        for name, field in profile["properties"].items()
    ]
    return page(
        "Profiles",
        "`PROFILES_SCHEMA` in `src/sendcloud_contracts/prerelease/profiles.py`",
        "`profiles.toml` names each sandbox account of a pre-release verification in a table of its own, "
        "`[profiles.NAME]` (letters, digits, `.`, `_` and `-`: the name becomes a folder under the "
        "reports). Never a key: each profile names the variables that hold its keys. A field the table "
        "does not list, or a value of the wrong kind, stops the verification with one line naming it "
        "(exit 4).",
        table(("field", "type", "required", "meaning"), rows),
    )
