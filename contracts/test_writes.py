"""The write contract: sequences of every documented write, on the one integration a user names.

Runs only with `--writes` (`python3 -m tox -e writes`, `-e writes-v3`); a read run leaves it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sendcloud_contracts.writes.sequences import run_writes

if TYPE_CHECKING:
    from sendcloud_contracts.writes.session import WriteSession


def test_write_sequences(write_session: WriteSession) -> None:
    """Model-based sequences of writes, each read back and held to what was sent; the account is
    restored and read back when the test ends, however it ends."""
    run_writes(write_session)
