"""Every use of a library's private name, in one place, each guarded at import.

The suite leans on a few names its libraries do not promise to keep. Each is written against the
version pinned in `pyproject.toml`; when another version is installed, or the name is gone, the
import stops here with one line saying which library, which name, and what to do, instead of a
run that fails later in a way that looks like a contract failure.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from typing import TYPE_CHECKING, Any

import requests.auth
from _pytest import junitxml
from _pytest._code.code import ReprExceptionInfo, ReprFileLocation, ReprTracebackNative
from hypothesis.internal.conjecture import providers
from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator

    import schemathesis
    from schemathesis.core.transport import Response
    from schemathesis.generation.case import Case

DISTRIBUTION = "sendcloud-contracts"
# Runs as printed, from the checkout, in the interpreter that found the wrong version.
INSTALL_PINNED = f"Install the pinned versions (`{sys.executable} -m pip install -e .` in the checkout)"


class IncompatibleLibrary(ImportError):
    """A pinned library changed under the suite: a setup mistake, not a contract failure."""


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        # Run from a source tree without installing: nothing says which versions were meant.
        return pins
    for requirement in requirements:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*==\s*([^\s;]+)\s*", requirement)
        if match:
            pins[match[1].lower()] = match[2]
    return pins


def guard(distribution: str, owner: object, *names: str) -> None:
    """Stop unless `distribution` is at its pinned version and `owner` still has every name."""
    pinned = _pins().get(distribution.lower())
    installed = importlib.metadata.version(distribution)
    where = getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))
    missing = [name for name in names if not hasattr(owner, name)]
    if missing or (pinned is not None and installed != pinned):
        raise IncompatibleLibrary(
            f"sendcloud-contracts uses the private {', '.join(f'{where}.{name}' for name in names)} of "
            f"{distribution} {pinned or '(unpinned)'}, but {distribution} {installed} is installed"
            f"{' and it is gone' if missing else ''}. {INSTALL_PINNED}, "
            "or check these names in sendcloud_contracts/_compat.py and move the pin."
        )


# pytest: the report of a failed test built from the suite's own lines; the JUnit XML of a run.
guard("pytest", junitxml, "xml_key")
guard("pytest", junitxml.LogXML, "pytest_terminal_summary")
__all__ = ["ReprExceptionInfo", "ReprFileLocation", "ReprTracebackNative"]


def junit_xml(config: Any) -> Any:
    """The run's JUnit XML writer, if `--junitxml` was given."""
    return config.stash.get(junitxml.xml_key, None)


def show_junit_as(config: Any, path: str) -> None:
    """Have pytest's "generated xml file" line name where the file ended up after the run."""
    xml = junit_xml(config)
    if xml is not None:
        xml.logfile = path


# requests: the `Authorization` value HTTP Basic sends, so the suite recognises its own credentials.
guard("requests", requests.auth, "_basic_auth_str")


def basic_authorization(username: str, password: str) -> str:
    return requests.auth._basic_auth_str(username, password)


# vcrpy: where a cassette lives, for the message naming a missing recording; how it finds the
# recordings of a request.
def cassette_path(cassette: object) -> str:
    return str(getattr(cassette, "_path", cassette))


def index_recordings(cassette: Any, matcher: Callable[..., Any], key: Callable[[Any], Hashable]) -> None:
    """Make `cassette` find the recordings of a request in a dict keyed by `key`.

    vcrpy compares each request with every recording of its cassette, several times per request:
    quadratic over a replay, and most of its matching time. Only a cassette matching on `matcher`
    alone is changed, and `key` must tell requests apart exactly as `matcher` does. Recordings of
    equal requests keep vcrpy's order (the first one not yet played answers).
    """
    if list(cassette._match_on) != [matcher]:
        return
    positions: dict[Hashable, list[int]] = {}
    indexed = 0

    def responses(request: Any) -> Iterator[tuple[int, Any]]:
        nonlocal indexed
        request = cassette._before_record_request(request)
        if request is None:
            return
        recordings = cassette.data
        for position in range(indexed, len(recordings)):
            positions.setdefault(key(recordings[position][0]), []).append(position)
        indexed = len(recordings)
        for position in positions.get(key(request), ()):
            yield position, recordings[position][1]

    cassette._responses = responses


def _guard_vcr() -> None:
    from vcr.cassette import Cassette

    guard("vcrpy", Cassette("probe"), "_path", "_responses", "_before_record_request", "_match_on")


_guard_vcr()


# Hypothesis: literals from local source files bias generation; the suite turns that source off.
guard("hypothesis", providers, "_get_local_constants", "CONSTANTS_CACHE")


def _no_local_constants() -> providers.Constants:
    return providers.Constants()


def ignore_local_constants() -> Callable[[], None]:
    """Stop Hypothesis from drawing on local source literals; returns what undoes it.

    Hypothesis biases generation towards literals it finds in the *local* modules loaded in the
    process (the suite's own source, `conftest.py`, the double when a test imports it). Any edit to
    the suite's code, or running it in another process, would then generate other requests than the
    recorded ones, and a replay would miss them. Hypothesis' built-in constants, pinned with its
    version, stay.
    """
    previous = providers._get_local_constants
    providers._get_local_constants = _no_local_constants
    # Cached choices may already hold local constants from an earlier run in this process.
    providers.CONSTANTS_CACHE.cache.clear()

    def restore() -> None:
        providers._get_local_constants = previous
        providers.CONSTANTS_CACHE.cache.clear()

    return restore


# schemathesis: a transport that sends through the suite's session, and a schema that answers with it.
guard("schemathesis", RequestsTransport, "_copy_serializers_from", "send")


class _SessionTransport(RequestsTransport):
    """schemathesis' requests transport, sending through the suite's session unless given another."""

    def __init__(self, session: requests.Session) -> None:
        super().__init__()
        self._copy_serializers_from(REQUESTS_TRANSPORT)
        self._session = session

    def send(self, case: Case, *, session: requests.Session | None = None, **kwargs: Any) -> Response:
        return super().send(case, session=session if session is not None else self._session, **kwargs)


def bind_session(schema: schemathesis.BaseSchema, session: requests.Session) -> schemathesis.BaseSchema:
    """Make every request schemathesis sends for `schema` go through `session`.

    The transport is a read-only property of the schema, and the `ignored_auth` probes call it
    directly with the caller's session removed; a subclass that answers with the suite's
    transport is the one place that reaches them all. Clones keep the class, hence the session.
    """
    transport = _SessionTransport(session)
    base = type(schema)
    if not isinstance(getattr(base, "transport", None), property):
        raise IncompatibleLibrary(
            f"sendcloud-contracts replaces the `transport` property of schemathesis' {base.__name__}, "
            f"which schemathesis {importlib.metadata.version('schemathesis')} no longer has. "
            f"{INSTALL_PINNED}."
        )
    schema.__class__ = type(base.__name__, (base,), {"transport": property(lambda _: transport)})
    return schema
