"""An encrypted, per-patient store of what the PMS last said, for look-ups while it is down.

One SQLite file of its own in the data folder (not the ledger: it holds PHI,
the ledger must not). Each row is sealed with AES-GCM (:class:`kiosk.crypto.FieldCipher`,
key = the ``data_key`` secret, which never sits in the config or beside the
data); the row key is an HMAC of what it is looked up by, so neither names,
birth dates, statement codes nor patient ids appear in the file in clear. The
associated data binds each sealed value to its row, so a value copied to
another row does not open. The only plain column is when the row was stored.

Entries older than ``max_age`` are never returned and are purged on write.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.crypto import DecryptionError, FieldCipher
from kiosk.domain.money import Money
from kiosk.domain.patient import Patient
from kiosk.domain.statement import LineItem, PriorPayment, Statement

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
  key BLOB PRIMARY KEY, stored_at TEXT NOT NULL, sealed BLOB NOT NULL);
"""


class StatementCache:
    def __init__(self, path: Path, key: bytes, max_age: timedelta) -> None:
        self.path = path
        self.max_age = max_age
        self._cipher = FieldCipher(key)
        # A separate key for row names, so the index never reveals the sealing key's use.
        self._index_key = hmac.new(key, b"clinicpay statement-cache index v1",
                                   hashlib.sha256).digest()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            yield connection
        finally:
            connection.close()

    def _key(self, kind: str, natural: str) -> bytes:
        return hmac.new(self._index_key, f"{kind}\x00{natural}".encode(), hashlib.sha256).digest()

    # -- raw rows --------------------------------------------------------------------
    def _put(self, kind: str, natural: str, value: Any, now: datetime) -> None:
        key = self._key(kind, natural)
        sealed = self._cipher.seal(json.dumps(value).encode(), f"cache:{key.hex()}")
        with self._db() as db:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)",
                       (key, now.isoformat(), sealed))
            db.execute("DELETE FROM entries WHERE stored_at < ?",
                       ((now - self.max_age).isoformat(),))

    def _get(self, kind: str, natural: str, now: datetime) -> tuple[Any, datetime] | None:
        key = self._key(kind, natural)
        with self._db() as db:
            row = db.execute("SELECT stored_at, sealed FROM entries WHERE key = ?",
                             (key,)).fetchone()
        if row is None:
            return None
        stored_at = datetime.fromisoformat(row[0])
        if now - stored_at > self.max_age:
            return None
        try:
            value = json.loads(self._cipher.open(row[1], f"cache:{key.hex()}"))
        except (DecryptionError, ValueError):
            return None  # another key (rotated) or tampered: as if never cached
        return value, stored_at

    def forget(self, kind: str, natural: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM entries WHERE key = ?", (self._key(kind, natural),))

    # -- what the kiosk caches ---------------------------------------------------------
    def put_search(self, birthdate: date, normalised_family: str, patients: list[Patient],
                   now: datetime) -> None:
        self._put("search", f"{birthdate.isoformat()}|{normalised_family}",
                  [_patient_json(p) for p in patients], now)

    def get_search(self, birthdate: date, normalised_family: str,
                   now: datetime) -> list[Patient] | None:
        found = self._get("search", f"{birthdate.isoformat()}|{normalised_family}", now)
        return [_patient(item) for item in found[0]] if found else None

    def put_code(self, code: str, patient: Patient | None, now: datetime) -> None:
        self._put("code", code, _patient_json(patient) if patient else None, now)

    def get_code(self, code: str, now: datetime) -> tuple[Patient | None] | None:
        """``(patient,)`` or ``(None,)`` when cached, ``None`` when not."""
        found = self._get("code", code, now)
        if found is None:
            return None
        return (_patient(found[0]) if found[0] else None,)

    def put_statement(self, statement: Statement, now: datetime) -> None:
        self._put("statement", statement.patient_id, _statement_json(statement), now)

    def get_statement(self, patient_id: str, now: datetime) -> Statement | None:
        found = self._get("statement", patient_id, now)
        return _statement(found[0]) if found else None

    def forget_statement(self, patient_id: str) -> None:
        self.forget("statement", patient_id)


def _patient_json(patient: Patient) -> dict[str, str]:
    return {"id": patient.id, "family": patient.family, "given": patient.given,
            "birthdate": patient.birthdate.isoformat(), "postal_code": patient.postal_code,
            "phone": patient.phone, "account_number": patient.account_number}


def _patient(item: dict[str, str]) -> Patient:
    return Patient(id=item["id"], family=item["family"], given=item["given"],
                   birthdate=date.fromisoformat(item["birthdate"]),
                   postal_code=item["postal_code"], phone=item["phone"],
                   account_number=item["account_number"])


def _statement_json(statement: Statement) -> dict[str, Any]:
    return {
        "patient_id": statement.patient_id, "currency": statement.currency,
        "total_due": statement.total_due.cents, "as_of": statement.as_of.isoformat(),
        "statement_code": statement.statement_code,
        "lines": [{"id": ln.id, "date": ln.date_of_service.isoformat(),
                   "description": ln.description, "charge": ln.charge.cents,
                   "insurance_paid": ln.insurance_paid.cents, "adjustment": ln.adjustment.cents,
                   "patient_responsibility": ln.patient_responsibility.cents}
                  for ln in statement.lines],
        "payments": [{"date": p.date.isoformat(), "amount": p.amount.cents, "method": p.method}
                     for p in statement.payments],
    }


def _statement(item: dict[str, Any]) -> Statement:
    currency = item["currency"]
    return Statement(
        patient_id=item["patient_id"],
        lines=tuple(LineItem(
            id=ln["id"], date_of_service=date.fromisoformat(ln["date"]),
            description=ln["description"], charge=Money(ln["charge"], currency),
            insurance_paid=Money(ln["insurance_paid"], currency),
            adjustment=Money(ln["adjustment"], currency),
            patient_responsibility=Money(ln["patient_responsibility"], currency),
        ) for ln in item["lines"]),
        payments=tuple(PriorPayment(date.fromisoformat(p["date"]), Money(p["amount"], currency),
                                    p["method"]) for p in item["payments"]),
        total_due=Money(item["total_due"], currency),
        as_of=datetime.fromisoformat(item["as_of"]),
        statement_code=item["statement_code"], from_cache=True,
    )
