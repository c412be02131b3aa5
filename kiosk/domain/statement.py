"""An itemized patient statement as the PMS reports it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.money import Money


@dataclass(frozen=True, slots=True)
class LineItem:
    id: str
    date_of_service: date
    description: str
    charge: Money
    insurance_paid: Money
    adjustment: Money
    patient_responsibility: Money


@dataclass(frozen=True, slots=True)
class PriorPayment:
    """A payment the PMS already has on file (from any channel)."""

    date: date
    amount: Money
    method: str


@dataclass(frozen=True, slots=True)
class Statement:
    patient_id: str
    lines: tuple[LineItem, ...]
    payments: tuple[PriorPayment, ...]
    total_due: Money  # the PMS balance; negative is a credit on the account
    as_of: datetime  # when the PMS produced it (older than now when served from cache)
    statement_code: str = ""
    from_cache: bool = False

    @property
    def currency(self) -> str:
        return self.total_due.currency

    @property
    def total_charges(self) -> Money:
        return Money.total([line.charge for line in self.lines], self.currency)

    @property
    def total_insurance_paid(self) -> Money:
        return Money.total([line.insurance_paid for line in self.lines], self.currency)

    @property
    def total_adjustments(self) -> Money:
        return Money.total([line.adjustment for line in self.lines], self.currency)

    @property
    def total_patient_responsibility(self) -> Money:
        return Money.total([line.patient_responsibility for line in self.lines], self.currency)

    @property
    def total_paid(self) -> Money:
        return Money.total([p.amount for p in self.payments], self.currency)

    @property
    def has_credit(self) -> bool:
        return self.total_due.cents < 0
