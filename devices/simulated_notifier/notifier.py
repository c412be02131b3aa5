"""The simulated notifier: accepts notices into its own file, fails on request.

Its memory is a SQLite file the kiosk process does not own (like the
simulated terminal's), so a test can count how often each notice reached the
"server" even across a killed kiosk. It keeps the masked address, never the
address itself. In demo mode each accepted email is also written as an HTML
file (``simulated-mail/<notice id>.html``) to open in a browser.

Faults: ``down`` (unreachable), ``reject`` (refused for good), ``flaky``
(every other attempt is refused for now).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kiosk.notify.address import mask
from kiosk.notify.content import html_for_preview
from kiosk.ports.health import Health
from kiosk.ports.notifier import LookupOutcome, LookupResult, Notice, SendResult
from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, notice_id TEXT NOT NULL, channel TEXT NOT NULL,
  masked_to TEXT NOT NULL, subject TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_notice ON deliveries (notice_id);
CREATE TABLE IF NOT EXISTS calls (channel TEXT PRIMARY KEY, count INTEGER NOT NULL);
"""


class SimulatedNotifier:
    name = "simulated"

    def __init__(self, channel: str, path: Path, fault: str = "none",
                 preview_dir: Path | None = None) -> None:
        self.channel = channel
        self.path = path
        self.fault = fault
        self.preview_dir = preview_dir
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock, shared_sqlite(self.path) as db:
            yield db

    def send(self, notice: Notice) -> SendResult:
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO calls VALUES (?, 1) ON CONFLICT(channel) DO UPDATE "
                       "SET count = count + 1", (self.channel,))
            calls = db.execute("SELECT count FROM calls WHERE channel = ?",
                               (self.channel,)).fetchone()[0]
            if self.fault == "down":
                db.execute("COMMIT")
                return SendResult(False, True, "simulated server unreachable")
            if self.fault == "reject":
                db.execute("COMMIT")
                return SendResult(False, False, "simulated server refused the message")
            if self.fault == "flaky" and calls % 2 == 1:
                db.execute("COMMIT")
                return SendResult(False, True, "simulated server busy (try again)")
            db.execute("INSERT INTO deliveries (notice_id, channel, masked_to, subject, text, "
                       "at) VALUES (?, ?, ?, ?, ?, ?)",
                       (notice.id, self.channel, mask(self.channel, notice.to),
                        notice.subject, notice.text, datetime.now(UTC).isoformat()))
            db.execute("COMMIT")
        if self.preview_dir is not None and notice.html:
            self.preview_dir.mkdir(parents=True, exist_ok=True)
            (self.preview_dir / f"{notice.id}.html").write_text(html_for_preview(notice),
                                                               encoding="utf-8")
        return SendResult(True, ref=f"SIM-{notice.id}", detail="accepted by the simulator")

    def probe(self) -> Health:
        if self.fault == "down":
            return Health.bad(f"simulated {self.channel} server: down")
        return Health.good(f"simulated {self.channel} server"
                           + (f" ({self.fault})" if self.fault != "none" else ""))

    # -- for tests and the demo ---------------------------------------------
    def delivery_counts(self) -> dict[str, int]:
        with self._db() as db:
            rows = db.execute("SELECT notice_id, COUNT(*) FROM deliveries WHERE channel = ? "
                              "GROUP BY notice_id", (self.channel,)).fetchall()
        return {notice_id: int(count) for notice_id, count in rows}

    def delivered(self) -> list[tuple[str, str, str, str]]:
        """(notice id, masked address, subject, text) in the order they arrived."""
        with self._db() as db:
            return [tuple(row) for row in db.execute(
                "SELECT notice_id, masked_to, subject, text FROM deliveries WHERE channel = ? "
                "ORDER BY seq", (self.channel,))]


class SimulatedSms(SimulatedNotifier):
    """The SMS simulator can also say whether it holds a notice, as Twilio's list can."""

    def lookup(self, notice: Notice, since: datetime) -> LookupResult:
        if self.fault == "down":
            return LookupResult(LookupOutcome.UNKNOWN, detail="simulated server unreachable")
        found = self.delivery_counts().get(notice.id, 0)
        return LookupResult(LookupOutcome.FOUND, ref=f"SIM-{notice.id}") if found \
            else LookupResult(LookupOutcome.NOT_FOUND)
