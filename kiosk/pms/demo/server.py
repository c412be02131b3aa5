"""The PMS side of the demo: a synthetic clinic in its own SQLite file.

It answers in JSON bytes, as a real PMS answers over HTTP, so the adapter
decodes and validates demo answers exactly as it would a remote server's,
and injected garbage exercises that validation. Every posting request that
reaches it is counted in the file, so a test that kills the kiosk can still
prove how many times each posting was sent and recorded.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.pms.demo.faults import FaultInjector, HttpLikeError
from kiosk.pms.demo.generator import GENERATOR_VERSION, DemoPatient, generate_clinic
from kiosk.sqlite_files import shared_sqlite

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE patients (
  id TEXT PRIMARY KEY, family TEXT NOT NULL, given TEXT NOT NULL, birthdate TEXT NOT NULL,
  postal_code TEXT NOT NULL, phone TEXT NOT NULL, account_number TEXT NOT NULL,
  statement_code TEXT NOT NULL UNIQUE, account_closed INTEGER NOT NULL);
CREATE INDEX patients_birthdate ON patients (birthdate);
CREATE TABLE lines (
  id TEXT PRIMARY KEY, patient_id TEXT NOT NULL REFERENCES patients(id),
  date_of_service TEXT NOT NULL, description TEXT NOT NULL, charge INTEGER NOT NULL,
  insurance_paid INTEGER NOT NULL, adjustment INTEGER NOT NULL);
CREATE INDEX lines_patient ON lines (patient_id);
CREATE TABLE prior_payments (
  patient_id TEXT NOT NULL REFERENCES patients(id), date TEXT NOT NULL,
  amount INTEGER NOT NULL, method TEXT NOT NULL);
CREATE INDEX prior_payments_patient ON prior_payments (patient_id);
CREATE TABLE postings (
  posting_id TEXT PRIMARY KEY, kind TEXT NOT NULL, payment_id TEXT NOT NULL,
  patient_id TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
  method TEXT NOT NULL, card_brand TEXT NOT NULL, card_last4 TEXT NOT NULL,
  auth_code TEXT NOT NULL, processor_ref TEXT NOT NULL, occurred_at TEXT NOT NULL,
  received_at TEXT NOT NULL, pms_ref TEXT NOT NULL);
CREATE INDEX postings_patient ON postings (patient_id);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT, op TEXT NOT NULL, key TEXT NOT NULL,
  at TEXT NOT NULL, outcome TEXT NOT NULL);
CREATE INDEX requests_key ON requests (op, key);
"""


class DemoPmsServer:
    def __init__(self, path: Path, seed: int, patients: int, faults: FaultInjector) -> None:
        self.path = path
        self.faults = faults
        self._ensure(seed, patients)

    # -- storage ------------------------------------------------------------
    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with shared_sqlite(self.path) as connection:
            connection.row_factory = sqlite3.Row
            yield connection

    def _ensure(self, seed: int, patients: int) -> None:
        wanted = {"seed": str(seed), "patients": str(patients),
                  "generator": str(GENERATOR_VERSION)}
        if self.path.exists():
            try:
                with self._db() as db:
                    found = dict(db.execute("SELECT key, value FROM meta").fetchall())
                if found == wanted:
                    return
            except sqlite3.DatabaseError:
                pass  # an unreadable or foreign file: rebuild it below
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex}.tmp")
        with sqlite3.connect(temporary, isolation_level=None) as db:
            db.executescript(_SCHEMA)
            db.execute("BEGIN")
            db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
            for patient in generate_clinic(seed, patients):
                _insert_patient(db, patient)
            db.execute("COMMIT")
        db.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        temporary.replace(self.path)

    # -- requests -----------------------------------------------------------
    def search_patients(self, birthdate: str | None = None,
                        statement_code: str | None = None,
                        account_number: str | None = None) -> bytes:
        self.faults.before_request(is_post=False)
        with self._db() as db:
            if account_number is not None:  # the counter's search (issue 8)
                rows = db.execute("SELECT * FROM patients WHERE account_number = ?",
                                  (account_number,)).fetchall()
            elif statement_code is not None:
                rows = db.execute("SELECT * FROM patients WHERE statement_code = ?",
                                  (statement_code,)).fetchall()
            else:
                rows = db.execute("SELECT * FROM patients WHERE birthdate = ?",
                                  (birthdate,)).fetchall()
        # sqlite3.Row iterates values, hence .keys()
        body = {"patients": [{k: row[k] for k in row.keys() if k != "account_closed"}  # noqa: SIM118
                             for row in rows]}
        return self.faults.mangle(json.dumps(body).encode())

    def get_statement(self, patient_id: str) -> bytes:
        self.faults.before_request(is_post=False)
        with self._db() as db:
            patient = db.execute("SELECT id, statement_code FROM patients WHERE id = ?",
                                 (patient_id,)).fetchone()
            if patient is None:
                raise HttpLikeError(404, "no such patient")
            lines = db.execute("SELECT * FROM lines WHERE patient_id = ? ORDER BY "
                               "date_of_service, id", (patient_id,)).fetchall()
            prior = db.execute("SELECT date, amount, method FROM prior_payments WHERE "
                               "patient_id = ? ORDER BY date", (patient_id,)).fetchall()
            posted = db.execute(
                "SELECT kind, amount, method, substr(occurred_at, 1, 10) AS date "
                "FROM postings WHERE patient_id = ? ORDER BY received_at", (patient_id,)
            ).fetchall()
        payments = [{"date": r["date"], "amount": r["amount"], "method": r["method"]}
                    for r in prior]
        payments += [{"date": r["date"],
                      "amount": r["amount"] if r["kind"] == "payment" else -r["amount"],
                      "method": r["method"]} for r in posted]
        line_items = [{
            "id": r["id"], "date_of_service": r["date_of_service"],
            "description": r["description"], "charge": r["charge"],
            "insurance_paid": r["insurance_paid"], "adjustment": r["adjustment"],
            "patient_responsibility": r["charge"] - r["insurance_paid"] - r["adjustment"],
        } for r in lines]
        total_due = (sum(item["patient_responsibility"] for item in line_items)
                     - sum(p["amount"] for p in payments))
        body = {
            "patient_id": patient_id, "statement_code": patient["statement_code"],
            "currency": "USD", "as_of": datetime.now(UTC).isoformat(),
            "lines": line_items, "payments": payments, "total_due": total_due,
        }
        return self.faults.mangle(json.dumps(body).encode())

    def post(self, posting: dict[str, Any]) -> bytes:
        """Record a posting once per ``posting_id``; a resend returns the same record."""
        self.faults.before_request(is_post=True)
        key = str(posting.get("posting_id", ""))
        now = datetime.now(UTC).isoformat()
        with self._db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                outcome, body = self._post_locked(db, posting, key, now)
                db.execute("INSERT INTO requests (op, key, at, outcome) VALUES (?, ?, ?, ?)",
                           ("post", key, now, outcome))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if outcome.startswith("rejected"):
            raise HttpLikeError(422, outcome.split(": ", 1)[1])
        return self.faults.mangle(json.dumps(body).encode())

    def _post_locked(self, db: sqlite3.Connection, posting: dict[str, Any], key: str,
                     now: str) -> tuple[str, dict[str, Any]]:
        existing = db.execute("SELECT pms_ref FROM postings WHERE posting_id = ?",
                              (key,)).fetchone()
        if existing:
            return "duplicate", {"pms_ref": existing["pms_ref"], "duplicate": True}
        patient = db.execute("SELECT account_closed FROM patients WHERE id = ?",
                             (posting.get("patient_id"),)).fetchone()
        if patient is None:
            return "rejected: unknown patient id", {}
        if patient["account_closed"]:
            return "rejected: the patient's account is closed in the PMS", {}
        if posting.get("kind") == "reversal" and db.execute(
            "SELECT 1 FROM postings WHERE payment_id = ? AND kind = 'payment'",
            (posting.get("payment_id"),),
        ).fetchone() is None:
            return "rejected: a reversal for a payment the PMS has not recorded", {}
        pms_ref = f"DEMO-{uuid.uuid5(uuid.NAMESPACE_OID, key).hex[:12].upper()}"
        db.execute(
            "INSERT INTO postings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (key, posting["kind"], posting["payment_id"], posting["patient_id"],
             int(posting["amount"]), posting["currency"], posting["method"],
             posting.get("card_brand", ""), posting.get("card_last4", ""),
             posting.get("auth_code", ""), posting.get("processor_ref", ""),
             posting["occurred_at"], now, pms_ref),
        )
        return "recorded", {"pms_ref": pms_ref, "duplicate": False}

    def ping(self) -> bytes:
        self.faults.before_request(is_post=False)
        with self._db() as db:
            count = db.execute("SELECT COUNT(*) FROM patients").fetchone()[0]
        return json.dumps({"status": "ok", "patients": count}).encode()

    # -- what tests and demos inspect ----------------------------------------
    def posting_counts(self) -> dict[str, int]:
        """Records held per payment id (must be exactly 1 for every posted payment)."""
        with self._db() as db:
            rows = db.execute("SELECT payment_id, COUNT(*) FROM postings WHERE kind = 'payment' "
                              "GROUP BY payment_id").fetchall()
        return {row[0]: row[1] for row in rows}

    def request_counts(self) -> dict[str, int]:
        """How many posting requests reached the PMS, per posting id."""
        with self._db() as db:
            rows = db.execute("SELECT key, COUNT(*) FROM requests WHERE op = 'post' "
                              "GROUP BY key").fetchall()
        return {row[0]: row[1] for row in rows}


def _insert_patient(db: sqlite3.Connection, patient: DemoPatient) -> None:
    db.execute(
        "INSERT INTO patients VALUES (?,?,?,?,?,?,?,?,?)",
        (patient.id, patient.family, patient.given, patient.birthdate.isoformat(),
         patient.postal_code, patient.phone, patient.account_number, patient.statement_code,
         int(patient.account_closed)),
    )
    db.executemany(
        "INSERT INTO lines VALUES (?,?,?,?,?,?,?)",
        [(line.id, patient.id, line.date_of_service.isoformat(), line.description, line.charge,
          line.insurance_paid, line.adjustment) for line in patient.lines],
    )
    db.executemany(
        "INSERT INTO prior_payments VALUES (?,?,?,?)",
        [(patient.id, p.date.isoformat(), p.amount, p.method) for p in patient.payments],
    )
