"""How many requests of a default run reach an integration that exists.

Records `pytest contracts --record-mode=rewrite` from the reference double into a scratch folder
(as a user would, in a subprocess), so that the count is the fixed generation's, the same on
every run, and sorts the requests in the double's log: GETs of a known id, other GETs of
`/integrations/{id}`, and the rest (method probes, authentication probes, the OAuth2 token).

    python benchmarks/known_ids.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from sendcloud_contracts.defaults import scripted_suite_command
from sendcloud_contracts.double import DoubleApp, DoubleServer
from sendcloud_contracts.double.__main__ import target_environment
from sendcloud_contracts.double.catalogue.variant import valid_basic_credentials
from sendcloud_contracts.double.v2.routes import INTEGRATION_PATH

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with DoubleServer(DoubleApp()) as double, tempfile.TemporaryDirectory() as scratch:
        # Recorded into a scratch folder: the fixed generation a recording and its replay use
        # (a live run draws a fresh seed, and its count varies around this one).
        command = scripted_suite_command(
            sys.executable,
            "-q",
            f"--cassette-dir={scratch}/cassettes",
            f"--report-dir={scratch}/reports",
            mode="--record-mode=rewrite",
        )
        # The one-operation document: the count is about GET /integrations/{id} alone.
        command += ["--contract-spec=spec/integrations.yaml"]
        env = {"PATH": "/usr/bin:/bin", **target_environment(double), "SENDCLOUD_RATE_LIMIT": "1000/s"}
        exit_code = subprocess.call(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        known = {str(key) for key in double.app.integrations}
        kinds: Counter[str] = Counter()
        for request in double.requests:
            match = INTEGRATION_PATH.match(request.path)
            with_own_credentials = request.header("Authorization") == valid_basic_credentials(double.app)
            if match is None or request.method != "GET" or not with_own_credentials:
                kinds["other"] += 1
            else:
                kinds["known id" if match.group("id") in known else "other id"] += 1
                if "-v" in sys.argv:
                    print(match.group("id"))
    gets = kinds["known id"] + kinds["other id"]
    print(
        f"exit {exit_code}; {sum(kinds.values())} requests: {kinds['known id']} GETs of a known id, "
        f"{kinds['other id']} GETs of another id ({kinds['known id'] / max(gets, 1):.0%} of the GETs), "
        f"{kinds['other']} other requests (method and authentication probes, token)"
    )
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
