"""Patient search and statements at the counter.

Staff may see several candidates and pick one (the kiosk never shows more
than one). Search by family name and birth date (the PMS port's own search),
by statement code, or by account number where the PMS adapter offers it
(:class:`AccountSearch`, optional). Every statement shown is audited with the
member of staff who opened it, before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from kiosk.domain.money import Money
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.staff import StaffSession
from kiosk.domain.statement import Statement
from kiosk.ledger.database import Ledger
from kiosk.payments.service import PaymentService
from kiosk.ports.pms import Pms


@runtime_checkable
class AccountSearch(Protocol):
    """Optional PMS adapter extension: find one patient by the clinic's account number."""

    def find_by_account(self, account_number: str) -> Patient | None: ...


@dataclass(frozen=True, slots=True)
class PatientHit:
    """One search result. ``patient`` is held in memory for the screen; never stored."""

    patient: Patient
    display_name: str  # masked, as the ledger and receipts show it
    birthdate: date
    account_number: str


@dataclass(frozen=True, slots=True)
class CounterStatement:
    patient_id: str
    display_name: str
    statement: Statement
    payable: Money  # PMS balance - our payments the PMS does not show yet


class SearchUnsupported(RuntimeError):
    """This PMS adapter cannot search that way (e.g. by account number)."""


class CounterSearch:
    """Blocking (PMS, ledger): run on the session's job runner."""

    def __init__(self, pms: Pms, ledger: Ledger, payments: PaymentService) -> None:
        self.pms = pms
        self.ledger = ledger
        self.payments = payments

    @property
    def supports_account_search(self) -> bool:
        return isinstance(self.pms, AccountSearch)

    def by_name(self, family: str, birthdate: date, postal_code: str | None = None
                ) -> list[PatientHit]:
        matches = self.pms.find_patients(PatientQuery(family, birthdate, postal_code or None))
        return [_hit(patient) for patient in matches]

    def by_account(self, account_number: str) -> list[PatientHit]:
        if not isinstance(self.pms, AccountSearch):
            raise SearchUnsupported(f"the {self.pms.name} PMS cannot search by account number")
        patient = self.pms.find_by_account(account_number)
        return [_hit(patient)] if patient is not None else []

    def by_statement_code(self, code: str) -> list[PatientHit]:
        patient = self.pms.find_by_statement_code(code)
        return [_hit(patient)] if patient is not None else []

    def statement(self, staff: StaffSession, patient_id: str,
                  display_name: str) -> CounterStatement:
        """Fetch, audit (who viewed whose statement), then return."""
        statement = self.pms.statement(patient_id)
        with self.ledger.transaction() as tx:
            tx.audit(staff.actor, "statement.viewed", patient_id,
                     from_cache=statement.from_cache, channel="counter")
        payable = self.payments.payable(patient_id, statement.total_due)
        return CounterStatement(patient_id, display_name, statement, payable)


def _hit(patient: Patient) -> PatientHit:
    return PatientHit(patient, patient.display_name, patient.birthdate, patient.account_number)
