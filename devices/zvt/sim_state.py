"""The ZVT simulator's memory: every transaction it booked, in its own SQLite file.

A real terminal remembers what it charged when the kiosk dies, and so does
the simulator: its journal lives in a file the kiosk process does not own, so
a test can kill the kiosk at any instant and afterwards count, per trace
number, what the "terminal" really charged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS txns (
  id INTEGER PRIMARY KEY AUTOINCREMENT, trace INTEGER NOT NULL, receipt INTEGER NOT NULL,
  kind TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL, result INTEGER NOT NULL,
  charged INTEGER NOT NULL, reversed INTEGER NOT NULL DEFAULT 0, card_type INTEGER NOT NULL,
  card_name TEXT NOT NULL, last4 TEXT NOT NULL, auth_code TEXT NOT NULL, at TEXT NOT NULL,
  batch INTEGER);
CREATE TABLE IF NOT EXISTS counters (
  id INTEGER PRIMARY KEY CHECK (id = 1), trace INTEGER NOT NULL, receipt INTEGER NOT NULL,
  batch INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS script (
  id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, signature TEXT NOT NULL);
INSERT OR IGNORE INTO counters VALUES (1, 0, 0, 1);
"""


@dataclass(frozen=True, slots=True)
class SimTxn:
    trace: int
    receipt: int
    kind: str  # sale | reversal | refund | end_of_day
    amount: int
    currency: str
    result: int
    charged: bool
    reversed: bool
    card_type: int
    card_name: str
    last4: str
    auth_code: str


_COLUMNS = ("trace, receipt, kind, amount, currency, result, charged, reversed, card_type, "
            "card_name, last4, auth_code")


def _txn(row: Any) -> SimTxn:
    return SimTxn(int(row[0]), int(row[1]), str(row[2]), int(row[3]), str(row[4]), int(row[5]),
                  bool(row[6]), bool(row[7]), int(row[8]), str(row[9]), str(row[10]),
                  str(row[11]))


class SimState:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path) as connection:
            yield connection

    def next_numbers(self) -> tuple[int, int]:
        """The next (trace, receipt) numbers, taken atomically."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            trace, receipt = db.execute("SELECT trace, receipt FROM counters").fetchone()
            trace, receipt = trace % 999_999 + 1, receipt % 9_999 + 1
            db.execute("UPDATE counters SET trace = ?, receipt = ?", (trace, receipt))
            db.execute("COMMIT")
        return int(trace), int(receipt)

    def record(self, txn: SimTxn) -> None:
        with self._db() as db:
            db.execute(
                f"INSERT INTO txns ({_COLUMNS}, at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (txn.trace, txn.receipt, txn.kind, txn.amount, txn.currency, txn.result,
                 int(txn.charged), int(txn.reversed), txn.card_type, txn.card_name, txn.last4,
                 txn.auth_code, datetime.now(UTC).isoformat()))

    def last(self) -> SimTxn | None:
        with self._db() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM txns ORDER BY id DESC LIMIT 1").fetchone()
        return _txn(row) if row else None

    def open_sale_by_receipt(self, receipt: int) -> SimTxn | None:
        with self._db() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM txns WHERE kind = 'sale' AND receipt = ? AND "
                "charged = 1 AND batch IS NULL ORDER BY id DESC LIMIT 1", (receipt,)).fetchone()
        return _txn(row) if row else None

    def mark_reversed(self, trace: int) -> None:
        with self._db() as db:
            db.execute("UPDATE txns SET reversed = 1 WHERE trace = ? AND kind = 'sale'", (trace,))

    def close_batch(self) -> tuple[list[SimTxn], int]:
        """End of day: the batch's transactions (then closed) and the batch number."""
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            batch = db.execute("SELECT batch FROM counters").fetchone()[0]
            rows = db.execute(f"SELECT {_COLUMNS} FROM txns WHERE batch IS NULL AND "
                              "kind != 'end_of_day' ORDER BY id").fetchall()
            db.execute("UPDATE txns SET batch = ? WHERE batch IS NULL", (batch,))
            db.execute("UPDATE counters SET batch = batch + 1")
            db.execute("COMMIT")
        return [_txn(row) for row in rows], int(batch)

    def charges(self) -> dict[int, int]:
        """Trace -> amount of every sale that took money and was not reversed."""
        with self._db() as db:
            rows = db.execute("SELECT trace, amount FROM txns WHERE kind = 'sale' AND "
                              "charged = 1 AND reversed = 0").fetchall()
        return {int(r[0]): int(r[1]) for r in rows}

    def transactions(self) -> list[SimTxn]:
        with self._db() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM txns ORDER BY id").fetchall()
        return [_txn(row) for row in rows]

    def next_scripted(self, script: tuple[str, ...]) -> str | None:
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
