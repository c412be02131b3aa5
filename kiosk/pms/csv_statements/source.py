"""Balances and statements from the CSV statement export a PMS drops on a schedule.

The columns are documented in docs/pms-csv-statements.md. The file is read
whole and checked whole: one bad row refuses the file (with the row number),
because a partly read export would show some patients a wrong balance. It is
read again when its modification time or size changes. An export older than
``max_age`` is refused as unavailable: a stale file must not pass for today's
balance (the encrypted statement cache, if on, may still serve it marked
"as of").
"""

from __future__ import annotations

import csv
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kiosk.domain.money import Money, MoneyError
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.statement import LineItem, Statement
from kiosk.names import family_name_matches
from kiosk.pms.validate import check_statement
from kiosk.ports.health import Health
from kiosk.ports.pms import PmsBadResponse, PmsRejected, PmsUnavailable

REQUIRED = ("patient_id", "family", "given", "birthdate", "balance")
OPTIONAL = ("postal_code", "phone", "statement_code", "exported_at", "line_id",
            "date_of_service", "description", "charge", "insurance_paid", "adjustment",
            "patient_responsibility")
_LINE_AMOUNTS = ("charge", "insurance_paid", "adjustment", "patient_responsibility")


@dataclass
class _Account:
    patient: Patient
    statement_code: str
    balance: Money
    lines: list[LineItem] = field(default_factory=list)


@dataclass
class _Export:
    accounts: dict[str, _Account]
    as_of: datetime
    stamp: tuple[int, int]


class CsvStatements:
    name = "csv"

    def __init__(self, path: Path, currency: str = "USD",
                 max_age: timedelta = timedelta(hours=36)) -> None:
        self.path = path
        self.currency = currency
        self.max_age = max_age
        self._export: _Export | None = None
        self._lock = threading.Lock()

    # -- reading the file -----------------------------------------------------------
    def _current(self) -> _Export:
        try:
            info = os.stat(self.path)
        except OSError as exc:
            raise PmsUnavailable(f"statement export {self.path.name}: {exc.strerror}") from None
        stamp = (info.st_mtime_ns, info.st_size)
        with self._lock:
            if self._export is None or self._export.stamp != stamp:
                self._export = self._read(stamp, datetime.fromtimestamp(info.st_mtime, UTC))
            export = self._export
        age = datetime.now(UTC) - export.as_of
        if age > self.max_age:
            raise PmsUnavailable(f"statement export is {int(age.total_seconds() // 3600)} h "
                                 f"old (limit {int(self.max_age.total_seconds() // 3600)} h)")
        return export

    def _read(self, stamp: tuple[int, int], modified: datetime) -> _Export:
        try:
            with self.path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.DictReader(handle)
                columns = set(reader.fieldnames or ())
                missing = [c for c in REQUIRED if c not in columns]
                if missing:
                    raise PmsBadResponse(f"statement export lacks columns: {', '.join(missing)}")
                accounts: dict[str, _Account] = {}
                exported: set[str] = set()
                for number, row in enumerate(reader, start=2):
                    self._row(accounts, exported, row, number)
        except OSError as exc:
            raise PmsUnavailable(f"statement export {self.path.name}: {exc.strerror}") from None
        except (UnicodeDecodeError, csv.Error) as exc:
            raise PmsBadResponse(f"statement export is not readable CSV: "
                                 f"{exc.__class__.__name__}") from None
        if len(exported) > 1:
            raise PmsBadResponse("statement export: rows disagree on exported_at")
        as_of = modified
        if exported:
            try:
                as_of = datetime.fromisoformat(exported.pop())
            except ValueError:
                raise PmsBadResponse("statement export: exported_at is not a time") from None
            if as_of.tzinfo is None:
                raise PmsBadResponse("statement export: exported_at needs a UTC offset")
        return _Export(accounts, as_of, stamp)

    def _row(self, accounts: dict[str, _Account], exported: set[str],
             row: dict[str, str | None], number: int) -> None:
        where = f"statement export row {number}"

        def text(column: str) -> str:
            return (row.get(column) or "").strip()

        patient_id = text("patient_id")
        if not patient_id:
            raise PmsBadResponse(f"{where}: patient_id is empty")
        birthdate = _date(text("birthdate"), f"{where}: birthdate")
        balance = self._money(text("balance"), f"{where}: balance")
        if text("exported_at"):
            exported.add(text("exported_at"))
        account = accounts.get(patient_id)
        if account is None:
            patient = Patient(id=patient_id, family=text("family"), given=text("given"),
                              birthdate=birthdate, postal_code=text("postal_code"),
                              phone=text("phone"))
            if not patient.family:
                raise PmsBadResponse(f"{where}: family is empty")
            account = accounts[patient_id] = _Account(patient, text("statement_code"), balance)
        elif account.balance != balance or account.patient.birthdate != birthdate:
            raise PmsBadResponse(f"{where}: disagrees with an earlier row of the same patient")
        if not text("line_id"):
            return
        amounts = {c: self._money(text(c) or "0", f"{where}: {c}") for c in _LINE_AMOUNTS}
        if amounts["patient_responsibility"] != (amounts["charge"] - amounts["insurance_paid"]
                                                 - amounts["adjustment"]):
            raise PmsBadResponse(f"{where}: patient_responsibility is not charge - "
                                 "insurance_paid - adjustment")
        account.lines.append(LineItem(
            id=text("line_id"), date_of_service=_date(text("date_of_service"),
                                                      f"{where}: date_of_service"),
            description=text("description"), **amounts))

    def _money(self, value: str, where: str) -> Money:
        try:
            return Money.parse(Decimal(value), self.currency)
        except (InvalidOperation, MoneyError):
            raise PmsBadResponse(f"{where} is not an amount") from None

    # -- the read half of the Pms port ----------------------------------------------------
    def find_patients(self, query: PatientQuery) -> list[Patient]:
        accounts = self._current().accounts.values()
        matches = [a.patient for a in accounts if a.patient.birthdate == query.birthdate
                   and family_name_matches(query.family, a.patient.family)]
        if query.postal_code:
            matches = [p for p in matches if p.postal_code[:5] == query.postal_code.strip()[:5]]
        if query.phone_last4:
            matches = [p for p in matches if p.phone_last4 == query.phone_last4.strip()]
        return matches

    def find_by_statement_code(self, code: str) -> Patient | None:
        cleaned = "".join(ch for ch in code.strip().upper() if ch.isalnum())
        if not cleaned:
            return None
        found = [a.patient for a in self._current().accounts.values()
                 if a.statement_code.upper() == cleaned]
        return found[0] if len(found) == 1 else None

    def statement(self, patient_id: str) -> Statement:
        export = self._current()
        account = export.accounts.get(patient_id)
        if account is None:
            raise PmsRejected("the statement export has no such patient")
        lines = sorted(account.lines, key=lambda ln: (ln.date_of_service, ln.id))
        return check_statement(Statement(
            patient_id=patient_id, lines=tuple(lines), payments=(), total_due=account.balance,
            as_of=export.as_of, statement_code=account.statement_code,
        ), datetime.now(UTC))

    def health(self) -> Health:
        try:
            export = self._current()
        except (PmsUnavailable, PmsBadResponse) as exc:
            return Health.bad(str(exc))
        return Health.good(f"statement export with {len(export.accounts)} patients, as of "
                           f"{export.as_of.isoformat(timespec='minutes')}")

    def close(self) -> None:
        return None


def _date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PmsBadResponse(f"{where} is not a date (YYYY-MM-DD)") from None
