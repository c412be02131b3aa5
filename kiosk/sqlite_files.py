"""Small SQLite files that more than one process writes: the simulators' state, the demo
PMS, the ZVT refund journal.

Each use opens its own short-lived connection (another process may be writing the same
file), in autocommit mode so that callers take ``BEGIN IMMEDIATE`` themselves, waits up
to 30 s for the other writer, and commits durably (``synchronous=FULL``): the crash tests
count on these files as evidence that outlives a killed process.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def shared_sqlite(path: Path, wal: bool = True) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        if wal:
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        yield connection
    finally:
        connection.close()
