"""The simulated terminal's own memory: every sale it saw, in its own SQLite file.

Real terminals remember what they charged even when the kiosk dies. Keeping
this state in a file the kiosk process does not own lets a crash test kill
the kiosk at any instant and still count, afterwards, how many times each
payment was charged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sales (
  id INTEGER PRIMARY KEY AUTOINCREMENT, payment_id TEXT NOT NULL, amount INTEGER NOT NULL,
  currency TEXT NOT NULL, outcome TEXT NOT NULL, charged INTEGER NOT NULL,
  processor_ref TEXT NOT NULL, brand TEXT NOT NULL, last4 TEXT NOT NULL,
  auth_code TEXT NOT NULL, captured INTEGER NOT NULL DEFAULT 0, at TEXT NOT NULL,
  eod_batch INTEGER);
CREATE INDEX IF NOT EXISTS sales_payment ON sales (payment_id);
CREATE TABLE IF NOT EXISTS refunds (
  refund_id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, amount INTEGER NOT NULL,
  at TEXT NOT NULL, eod_batch INTEGER);
CREATE TABLE IF NOT EXISTS script (
  id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class SaleRecord:
    payment_id: str
    amount: int
    currency: str
    outcome: str
    charged: bool
    processor_ref: str
    brand: str
    last4: str
    auth_code: str
    captured: bool


class TerminalState:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path) as connection:
            yield connection

    def next_scripted(self, script: tuple[str, ...]) -> str | None:
        """Take the next outcome of the configured script (atomically, across processes)."""
        if not script:
            return None
        signature = ",".join(script)
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT position, signature FROM script WHERE id = 1").fetchone()
            position = row[0] if row and row[1] == signature else 0
            db.execute("INSERT OR REPLACE INTO script VALUES (1, ?, ?)", (position + 1, signature))
            db.execute("COMMIT")
        return script[position] if position < len(script) else None

    def record_sale(self, record: SaleRecord) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO sales (payment_id, amount, currency, outcome, charged, "
                "processor_ref, brand, last4, auth_code, captured, at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (record.payment_id, record.amount, record.currency, record.outcome,
                 int(record.charged), record.processor_ref, record.brand, record.last4,
                 record.auth_code, int(record.captured), datetime.now(UTC).isoformat()),
            )

    def sales_for(self, payment_id: str) -> list[SaleRecord]:
        with self._db() as db:
            rows = db.execute(
                "SELECT payment_id, amount, currency, outcome, charged, processor_ref, brand, "
                "last4, auth_code, captured FROM sales WHERE payment_id = ? ORDER BY id",
                (payment_id,),
            ).fetchall()
        return [SaleRecord(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8],
                           bool(r[9])) for r in rows]

    def mark_captured(self, payment_id: str) -> bool:
        with self._db() as db:
            cursor = db.execute(
                "UPDATE sales SET captured = 1 WHERE payment_id = ? AND charged = 1", (payment_id,)
            )
            return cursor.rowcount > 0

    def record_refund(self, refund_id: str, payment_id: str, amount: int) -> str:
        """Returns "refunded", "duplicate" or "exceeds"."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("SELECT 1 FROM refunds WHERE refund_id = ?",
                              (refund_id,)).fetchone():
                    return "duplicate"
                charged = db.execute("SELECT COALESCE(SUM(amount), 0) FROM sales WHERE "
                                     "payment_id = ? AND charged = 1", (payment_id,)).fetchone()[0]
                refunded = db.execute("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE "
                                      "payment_id = ?", (payment_id,)).fetchone()[0]
                if refunded + amount > charged:
                    return "exceeds"
                db.execute("INSERT INTO refunds VALUES (?,?,?,?,NULL)",
                           (refund_id, payment_id, amount, datetime.now(UTC).isoformat()))
                return "refunded"
            finally:
                db.execute("COMMIT")

    def close_batch(self) -> tuple[int, int]:
        """End of day: (count, net amount) of everything since the last batch."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            batch = db.execute("INSERT INTO batches (at) VALUES (?)",
                               (datetime.now(UTC).isoformat(),)).lastrowid
            count, amount = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM sales WHERE charged = 1 AND "
                "eod_batch IS NULL").fetchone()
            refunded = db.execute("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE "
                                  "eod_batch IS NULL").fetchone()[0]
            db.execute("UPDATE sales SET eod_batch = ? WHERE eod_batch IS NULL", (batch,))
            db.execute("UPDATE refunds SET eod_batch = ? WHERE eod_batch IS NULL", (batch,))
            db.execute("COMMIT")
        return int(count), int(amount) - int(refunded)

    def charge_counts(self) -> dict[str, int]:
        """How many times each payment id was charged (the crash tests' ground truth)."""
        with self._db() as db:
            rows = db.execute("SELECT payment_id, COUNT(*) FROM sales WHERE charged = 1 "
                              "GROUP BY payment_id").fetchall()
        return {row[0]: row[1] for row in rows}
