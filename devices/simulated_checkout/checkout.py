"""The simulated "pay on your phone" page: a patient who pays after a few seconds.

Like the simulated terminal, its memory is a SQLite file the kiosk process
does not own, so a killed kiosk cannot make it forget a page or a payment.
Time is lazy: a page becomes paid when it is next asked about after
``pay_after_s`` seconds, so nothing runs in the background.

Outcomes come from a well-known test amount (:data:`MAGIC_AMOUNTS`) or the
configured default. The page's address is a ``.invalid`` URL (RFC 2606):
scanning the demo QR code leads nowhere, by design.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kiosk.domain.money import Money
from kiosk.domain.payment import CardDetails
from kiosk.ports.checkout import CheckoutLink, CheckoutOpened, CheckoutState, CheckoutStatus
from kiosk.ports.health import Health
from kiosk.sqlite_files import shared_sqlite

#: Amounts (in cents) that always produce one outcome, for demos and tests.
MAGIC_AMOUNTS = {
    1307: "processing",  # $13.07: a bank payment, still processing (pending), settles later
    1308: "never",  # $13.08: the patient never pays; the page is expired
    1309: "bank_fails",  # $13.09: a bank payment that fails when it settles
}
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
  id TEXT PRIMARY KEY, payment_id TEXT NOT NULL, attempt INTEGER NOT NULL,
  amount INTEGER NOT NULL, currency TEXT NOT NULL, created REAL NOT NULL,
  expires_at REAL NOT NULL, state TEXT NOT NULL, outcome TEXT NOT NULL,
  settled_at REAL);
CREATE INDEX IF NOT EXISTS pages_payment ON pages (payment_id);
"""


class SimulatedCheckout:
    name = "simulated-checkout"

    def __init__(self, state_path: Path, outcome: str = "pay", pay_after_s: float = 8,
                 settle_after_s: float = 60, offline: bool = False) -> None:
        self.path = state_path
        self.outcome = outcome
        self.pay_after_s = pay_after_s
        self.settle_after_s = settle_after_s
        self.offline = offline
        state_path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path) as connection:
            yield connection

    def create(self, payment_id: str, attempt: int, amount: Money, description: str,
               expires_in_s: int) -> CheckoutOpened:
        if self.offline:
            return CheckoutOpened(None, "simulated checkout is offline")
        page_id = "cs_demo_" + hashlib.sha256(f"{payment_id}:{attempt}".encode()).hexdigest()[:24]
        now = time.time()
        outcome = MAGIC_AMOUNTS.get(amount.cents, self.outcome)
        with self._db() as db:  # idempotent on (payment, attempt): the same page again
            db.execute("INSERT OR IGNORE INTO pages VALUES (?,?,?,?,?,?,?,?,?,NULL)",
                       (page_id, payment_id, attempt, amount.cents, amount.currency, now,
                        now + expires_in_s, "open", outcome))
            expires_at = db.execute("SELECT expires_at FROM pages WHERE id = ?",
                                    (page_id,)).fetchone()[0]
        return CheckoutOpened(CheckoutLink(f"https://checkout.demo.invalid/pay/{page_id}",
                                           page_id, datetime.fromtimestamp(expires_at, UTC)))

    def status(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        if self.offline:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref,
                                  staff_message="simulated checkout is offline")
        pages = self._advance(payment_id)
        if not pages:
            return CheckoutStatus(CheckoutState.NOT_FOUND, staff_message="no page was made")
        order = ("paid", "processing", "open", "failed", "expired")
        page_id, state = min(pages, key=lambda p: order.index(p[1]))
        card = CardDetails("bank account", "6789") if self._bank(page_id) else \
            CardDetails("visa", "4242", "DEMO01")
        kind = {"paid": CheckoutState.PAID, "processing": CheckoutState.PROCESSING,
                "open": CheckoutState.OPEN, "failed": CheckoutState.FAILED,
                "expired": CheckoutState.EXPIRED}[state]
        return CheckoutStatus(kind, page_id, f"pi_demo_{page_id[8:]}",
                              card if kind in (CheckoutState.PAID, CheckoutState.PROCESSING)
                              else CardDetails(), f"simulated page {page_id} is {state}")

    def expire(self, payment_id: str, processor_ref: str = "") -> CheckoutStatus:
        if self.offline:
            return CheckoutStatus(CheckoutState.UNKNOWN, processor_ref,
                                  staff_message="simulated checkout is offline")
        self._advance(payment_id)
        with self._db() as db:
            db.execute("UPDATE pages SET state = 'expired' WHERE payment_id = ? AND "
                       "state = 'open'", (payment_id,))
        return self.status(payment_id, processor_ref)

    def probe(self) -> Health:
        if self.offline:
            return Health.bad("simulated checkout is set to offline")
        return Health.good(f"simulated checkout (state in {self.path})")

    def close(self) -> None:
        return None

    def _advance(self, payment_id: str) -> list[tuple[str, str]]:
        """Let the simulated patient and bank act on everything that is due."""
        now = time.time()
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            rows = db.execute("SELECT id, state, outcome, created, expires_at, settled_at FROM "
                              "pages WHERE payment_id = ?", (payment_id,)).fetchall()
            result = []
            for page_id, state, outcome, created, expires_at, settled_at in rows:
                new = state
                if state == "open" and outcome != "never" and now >= created + self.pay_after_s:
                    new = "paid" if outcome == "pay" else "processing"
                    settled_at = now
                elif state == "open" and now >= expires_at:
                    new = "expired"
                elif state == "processing" and now >= (settled_at or now) + self.settle_after_s:
                    new = "failed" if outcome == "bank_fails" else "paid"
                if new != state:
                    db.execute("UPDATE pages SET state = ?, settled_at = ? WHERE id = ?",
                               (new, settled_at, page_id))
                result.append((page_id, new))
            db.execute("COMMIT")
        return result

    def _bank(self, page_id: str) -> bool:
        with self._db() as db:
            row = db.execute("SELECT outcome FROM pages WHERE id = ?", (page_id,)).fetchone()
        return bool(row) and row[0] in ("processing", "bank_fails")
