"""Sanity checks every PMS adapter applies to what it is told.

A PMS answer that fails them is refused with a reason for IT, and nothing is
shown to the patient or changed in the ledger: better "please see the front
desk" than a wrong balance.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kiosk.domain.statement import Statement
from kiosk.ports.pms import PmsBadResponse

#: A statement line older than this, or in the future, is not a real date of service.
_OLDEST_SERVICE = date(1900, 1, 1)


def check_statement(statement: Statement, now: datetime) -> Statement:
    for index, line in enumerate(statement.lines, start=1):
        where = f"statement line {index}"
        amounts = (line.charge, line.insurance_paid, line.adjustment,
                   line.patient_responsibility)
        if any(amount.currency != statement.currency for amount in amounts):
            raise PmsBadResponse(f"{where}: mixed currencies")
        if line.charge.cents < 0 or line.insurance_paid.cents < 0:
            raise PmsBadResponse(f"{where}: negative charge or insurance payment")
        if line.patient_responsibility.cents > line.charge.cents:
            raise PmsBadResponse(f"{where}: patient owes more than the charge")
        if not _OLDEST_SERVICE <= line.date_of_service <= (now + timedelta(days=1)).date():
            raise PmsBadResponse(f"{where}: impossible date of service")
        if not line.description.strip():
            raise PmsBadResponse(f"{where}: no description")
    for index, payment in enumerate(statement.payments, start=1):
        if payment.amount.currency != statement.currency:
            raise PmsBadResponse(f"prior payment {index}: mixed currencies")
    if abs(statement.total_due.cents) > 100_000_000:
        raise PmsBadResponse("total due is implausibly large")
    return statement
