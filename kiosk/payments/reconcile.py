"""Start-up reconciliation: settle every payment a crash left in doubt.

Runs before the kiosk takes a new payment. It only ever *asks* the terminal
(``query``) and captures what was approved; it never sells again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.domain.payment import IN_DOUBT, RETRYABLE, PaymentStatus
from kiosk.ledger.queries import payments_with_status
from kiosk.payments.service import PaymentService

if TYPE_CHECKING:
    from kiosk.payments.phone import PhonePayments

#: Payments made on a hosted page ("pay on your phone"); see kiosk.payments.phone.
_PHONE = "phone"

log = logging.getLogger(__name__)


@dataclass
class ReconcileReport:
    examined: int = 0
    resolved: dict[str, int] = field(default_factory=dict)  # final status -> count
    still_unknown: list[str] = field(default_factory=list)
    captured: int = 0
    abandoned: int = 0

    def count(self, status: PaymentStatus) -> None:
        self.resolved[status.value] = self.resolved.get(status.value, 0) + 1


def reconcile(service: PaymentService, abandon_stale: bool = True,
              phone: PhonePayments | None = None) -> ReconcileReport:
    """Resolve this terminal's in-doubt payments, capture approvals, retire stale ones.

    ``abandon_stale`` is for start-up only: a payment that was CREATED, DECLINED
    or CANCELED by a previous run belonged to a patient who has since gone.
    Phone payments are asked about through ``phone`` (their hosted page), never
    the card terminal; without it they stay in doubt until it is configured again.
    """
    report = ReconcileReport()
    ledger = service.ledger
    with ledger.read() as session:
        in_doubt = [(row.id, row.method) for row in payments_with_status(session, IN_DOUBT,
                                                                         ledger.terminal_id)]
    for payment_id, method in in_doubt:
        report.examined += 1
        if method == _PHONE:
            status = phone.resolve(payment_id) if phone is not None else PaymentStatus.UNKNOWN
        else:
            status = service.resolve(payment_id, live=False)
        report.count(status)
        if status is PaymentStatus.UNKNOWN:
            report.still_unknown.append(payment_id)
    if phone is not None:
        for final, count in phone.settle_pending().items():
            report.resolved[f"pending->{final}"] = count

    with ledger.read() as session:
        approved = [row.id for row in payments_with_status(session, [PaymentStatus.APPROVED],
                                                           ledger.terminal_id)
                    if row.method != _PHONE]  # a phone payment is captured by its page
    for payment_id in approved:
        if service.capture(payment_id) is PaymentStatus.CAPTURED:
            report.captured += 1

    if abandon_stale:
        with ledger.read() as session:
            stale = [row.id for row in payments_with_status(session, RETRYABLE,
                                                            ledger.terminal_id)]
        for payment_id in stale:
            service.abandon(payment_id, reason="abandoned at restart")
            report.abandoned += 1
    if report.examined or report.captured or report.abandoned:
        log.info("reconciled %d in-doubt payments (%s), captured %d, abandoned %d, "
                 "%d still unknown", report.examined, report.resolved, report.captured,
                 report.abandoned, len(report.still_unknown))
    return report
