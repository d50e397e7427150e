"""`python -m sendcloud_contracts.writes.restore`: put back what an interrupted write run changed.

python -m sendcloud_contracts.writes.restore [--reports DIR]     (python3 -m tox -e writes-restore)

Reads every write journal under `DIR` (`reports/writes/journal.jsonl`, `reports/writes-v3/...`, a
pre-release profile's) that its run did not mark restored, and restores the account from the
snapshot in it, with the keys in `SENDCLOUD_*` as the run had them: the settings as found, the run's
shipments deleted, statuses and mapping as found; then reads it back. Every write it sends passes
the same guard a write run's do. Exit 0 when every account reads as found (or nothing was left to
restore), 1 naming what could not be restored, 4 for a setup mistake, 75 when the API is unreachable.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sendcloud_contracts import cli, exitcodes
from sendcloud_contracts.defaults import DEFAULT_REPORT_ROOT
from sendcloud_contracts.errors import ContractSuiteError
from sendcloud_contracts.exitcodes import StopRun
from sendcloud_contracts.http.auth import request_auth
from sendcloud_contracts.http.network_settings import network_from_environment
from sendcloud_contracts.http.session import Network
from sendcloud_contracts.http.settings import target_from_environment
from sendcloud_contracts.rules.writes import order_key
from sendcloud_contracts.spec import load_spec
from sendcloud_contracts.writes import account
from sendcloud_contracts.writes.account import Snapshot
from sendcloud_contracts.writes.guard import WriteGuard, WritePace
from sendcloud_contracts.writes.journal import JOURNAL_FILE, Journal, Recorded, read_journal
from sendcloud_contracts.writes.plan import WritePlan
from sendcloud_contracts.writes.requests_api import WriteApi

if TYPE_CHECKING:
    from sendcloud_contracts.rules.model import Violation


def created_keys(recorded: Recorded) -> list[tuple[str, str | None]]:
    """The orders the run's journaled upserts created: those with its own external order ids."""
    prefix = str(recorded.snapshot.get("created_prefix", ""))
    keys = []
    for write in recorded.writes:
        if write.get("method") != "POST" or not str(write.get("path", "")).endswith("/shipments"):
            continue
        try:
            orders = json.loads(write.get("body") or "null")
        except ValueError:
            continue
        for order in orders if isinstance(orders, list) else []:
            if (
                isinstance(order, dict)
                and prefix
                and str(order.get("external_order_id", "")).startswith(prefix)
            ):
                keys.append(order_key(order))
    return list(dict.fromkeys(keys))


def restore_journal(path: Path, recorded: Recorded) -> list[Violation]:
    """Restore the account one journal names; what still differs afterwards."""
    header: dict[str, Any] = recorded.snapshot
    spec = load_spec(Path(str(header["document"])))
    base_url = str(header["base_url"])
    environ = {**os.environ, "SENDCLOUD_BASE_URL": base_url}
    environ.setdefault("SENDCLOUD_INTEGRATION_IDS", str(header["integration_id"]))
    target = target_from_environment(
        environ, default_base_url=base_url, default_token_url=spec.token_url or ""
    )
    network = Network(network_from_environment(environ))
    plan = WritePlan(
        spec.dialect,
        urlsplit(base_url).path.rstrip("/"),
        int(header["integration_id"]),
        int(header["absent_id"]),
        str(header["run_id"]),
    )
    journal = Journal(path)
    guard = WriteGuard(plan, journal, WritePace())
    guard.restoring = True
    network.permit = guard
    with network.session() as session:
        api = WriteApi(session, request_auth(target, network), base_url, spec, plan.integration_id)
        snapshot = Snapshot.from_json(dict(header["snapshot"]))
        created = created_keys(recorded)
        account.restore(api, snapshot, created)
        after = account.read(api)
        left = _left(api, plan, created)
        found = account.differences(api, snapshot, after, left)
    journal.restored([str(violation) for violation in found])
    return found


def _left(api: WriteApi, plan: WritePlan, created: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    path = api.dialect.writes.shipments_path
    if path is None or not created:
        return []
    listed = api.payload(api.get(path, {"external_order_ids": sorted({key[0] for key in created})}))
    items = listed.get(api.dialect.paging.items_member, []) if isinstance(listed, dict) else []
    return [item for item in items if str(item.get("external_order_id", "")).startswith(plan.created_prefix)]


def main(argv: list[str] | None = None) -> int:
    parser = cli.ArgumentParser(
        prog="python -m sendcloud_contracts.writes.restore",
        description="Restore the accounts that interrupted write runs left changed, from their journals.",
    )
    parser.add_argument(
        "--reports", type=Path, default=Path(DEFAULT_REPORT_ROOT), help="where to look for journals"
    )
    args = parser.parse_args(argv)
    journals = sorted(args.reports.rglob(JOURNAL_FILE))
    pending = [
        (path, recorded) for path in journals if (recorded := read_journal(path)) and not recorded.restored
    ]
    if not pending:
        print(
            f"sendcloud-contracts: nothing to restore: no write journal under {args.reports}/ is unfinished"
        )
        return exitcodes.HOLDS
    failed = False
    for path, recorded in pending:
        where = (
            f"integration {recorded.snapshot.get('integration_id')} at {recorded.snapshot.get('base_url')}"
        )
        try:
            found = restore_journal(path, recorded)
        except (ContractSuiteError, KeyError, ValueError) as error:
            print(f"ERROR: {path}: cannot restore {where}: {error}", file=sys.stderr)
            return exitcodes.BAD_INPUT
        except StopRun as stop:
            print(f"ERROR: {path}: {stop.message}", file=sys.stderr)
            return stop.returncode
        if found:
            failed = True
            print(f"sendcloud-contracts: {where} was NOT restored ({path}):")
            for violation in found:
                print(f"  {violation}")
        else:
            print(
                f"sendcloud-contracts: {where} restored and read back as found "
                f"({len(recorded.writes)} writes journaled)"
            )
    return exitcodes.BROKEN if failed else exitcodes.HOLDS


if __name__ == "__main__":
    sys.exit(main())
