"""Small helpers the tests share (no mocks of our own code)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from kiosk.app import App
from kiosk.domain.money import Money
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.payments.service import PaymentRequest
from kiosk.pms.demo.generator import SHOWCASE

SHOW = {s.key: s for s in SHOWCASE}


def find(app: App, key: str) -> Patient:
    who = SHOW[key]
    result = app.lookup.find(PatientQuery(who.family, who.birthdate, who.postal_code,
                                          who.phone[-4:]))
    assert result.patient is not None, result
    return result.patient


def request(app: App, patient: Patient, cents: int, **extra: Any) -> PaymentRequest:
    statement = app.pms.statement(patient.id)
    return PaymentRequest(patient_id=patient.id, display_name=patient.display_name,
                          amount=Money(cents), statement_balance=statement.total_due, **extra)


def open_patients(app: App, minimum_cents: int = 2_000) -> list[Patient]:
    """Demo patients with at least this much owed, in a stable order."""
    import sqlite3

    db = sqlite3.connect(app.pms.server.path)  # type: ignore[attr-defined]
    rows = db.execute("SELECT id, family, given, birthdate, postal_code, phone, account_number "
                      "FROM patients WHERE account_closed = 0 ORDER BY id").fetchall()
    db.close()
    patients = [Patient(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5], r[6])
                for r in rows]
    return [p for p in patients
            if app.pms.statement(p.id).total_due.cents >= minimum_cents]


_DIGITS = re.compile(rb"(?<!\d)\d{13,19}(?!\d)")
#: Our ids. In a database file a UUID's last group (12 hex characters, all digits about
#: once in 300) can sit right before a date column ("...-123456789012" + "2026-..."),
#: which makes a 16-digit run that is no card number.
_UUID = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def luhn_ok(digits: bytes) -> bool:
    total, parity = 0, len(digits) % 2
    for index, char in enumerate(digits):
        value = char - 48
        if index % 2 == parity:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


_HEX_WORD = re.compile(rb"[0-9a-fA-F]{40,}")


def card_numbers_in(data: bytes) -> list[bytes]:
    """Digit runs of card-number length that pass the Luhn check.

    Runs inside a hex word of 40+ characters (the audit chain's SHA-256 digests) are
    not card numbers: about one run in five of the suite had a digest whose decimal
    stretch passed Luhn, failing the scan by chance.
    """
    data = _UUID.sub(b" ", data)
    digests = [m.span() for m in _HEX_WORD.finditer(data)]
    return [m.group() for m in _DIGITS.finditer(data) if luhn_ok(m.group())
            and not any(start <= m.start() and m.end() <= end for start, end in digests)]
