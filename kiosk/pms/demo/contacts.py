"""The demo PMS's contact book: addresses handed over after a notice, and reminder opt-ins.

A table in the demo PMS's own file (created on first use, so older demo files
keep working). Like the rest of the demo PMS it answers in JSON bytes and
goes through the fault injector, so the kiosk treats it like a remote server.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.pms.demo.faults import FaultInjector, HttpLikeError
from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS contacts (
  patient_id TEXT NOT NULL, channel TEXT NOT NULL, address TEXT NOT NULL,
  reminders INTEGER NOT NULL DEFAULT 0, given_at TEXT NOT NULL, last_key TEXT NOT NULL,
  PRIMARY KEY (patient_id, channel));
"""


class DemoContactBook:
    def __init__(self, path: Path, faults: FaultInjector) -> None:
        self.path = path
        self.faults = faults

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path) as connection:
            connection.executescript(_SCHEMA)
            yield connection

    def store(self, contact: dict[str, Any]) -> bytes:
        """Keep the latest address per patient and channel; idempotent on ``key``."""
        self.faults.before_request(is_post=True)
        patient_id, channel = str(contact.get("patient_id", "")), str(contact.get("channel"))
        if channel not in ("email", "sms") or not contact.get("address"):
            raise HttpLikeError(422, "a contact needs a channel and an address")
        with self._db() as db:
            if db.execute("SELECT 1 FROM patients WHERE id = ?", (patient_id,)).fetchone() \
                    is None:
                raise HttpLikeError(404, "unknown patient id")
            db.execute(
                "INSERT INTO contacts (patient_id, channel, address, given_at, last_key) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (patient_id, channel) DO UPDATE SET "
                "address = excluded.address, last_key = excluded.last_key",
                (patient_id, channel, str(contact["address"]), datetime.now(UTC).isoformat(),
                 str(contact.get("key", ""))))
        return json.dumps({"status": "stored"}).encode()

    def optins(self) -> bytes:
        self.faults.before_request(is_post=False)
        with self._db() as db:
            rows = db.execute("SELECT patient_id, channel, address, given_at FROM contacts "
                              "WHERE reminders = 1 ORDER BY patient_id, channel").fetchall()
        return json.dumps({"optins": [
            {"patient_id": p, "channel": c, "address": a, "given_at": g}
            for p, c, a, g in rows]}).encode()

    # -- for the demo and tests ---------------------------------------------
    def add_optin(self, patient_id: str, channel: str, address: str, given_at: str) -> None:
        with self._db() as db:
            db.execute(
                "INSERT INTO contacts VALUES (?, ?, ?, 1, ?, '') ON CONFLICT (patient_id, "
                "channel) DO UPDATE SET address = excluded.address, reminders = 1, "
                "given_at = excluded.given_at", (patient_id, channel, address, given_at))

    def all(self) -> list[tuple[str, str, str, str]]:
        with self._db() as db:
            return [(str(p), str(c), str(a), str(k)) for p, c, a, k in db.execute(
                "SELECT patient_id, channel, address, last_key FROM contacts ORDER BY 1, 2")]
