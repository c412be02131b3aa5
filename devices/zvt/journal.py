"""The adapter's own memory of refunds, in a small SQLite file beside the ledger.

ZVT refunds carry no reference the terminal could de-duplicate on, so the
port's promise "idempotent on refund_id" is kept here: a refund id is written
as SENT *before* the command goes to the terminal. After a crash, a refund
found SENT is reported as outcome-unknown for staff to check on the terminal,
never sent again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS refunds (
  refund_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, amount INTEGER NOT NULL,
  state TEXT NOT NULL, ref TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL);
"""

SENT, DONE, FAILED = "sent", "done", "failed"


class RefundJournal:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path, wal=False) as connection:
            yield connection

    def get(self, refund_id: str) -> tuple[str, str, str] | None:
        """(state, terminal reference, detail) of a refund id, or None if never seen."""
        with self._db() as db:
            row = db.execute("SELECT state, ref, detail FROM refunds WHERE refund_id = ?",
                             (refund_id,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def record(self, refund_id: str, payment_id: str, amount: int, state: str,
               ref: str = "", detail: str = "") -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO refunds (refund_id, payment_id, amount, state, ref, detail, at) "
                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(refund_id) DO UPDATE SET state = "
                "excluded.state, ref = excluded.ref, detail = excluded.detail, at = excluded.at",
                (refund_id, payment_id, amount, state, ref, detail[:240],
                 datetime.now(UTC).isoformat()))
