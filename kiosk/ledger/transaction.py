"""Domain operations inside one ledger transaction.

Each status change writes the payment row, a payment event and an audit
entry in the same transaction, so the three never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.audit.anchor import Anchor
from kiosk.domain.money import Money
from kiosk.domain.payment import PaymentStatus, PostingKind, PostingStatus, check_transition
from kiosk.ledger.locks import advisory_lock
from kiosk.ledger.models import OutboxRow, PaymentEventRow, PaymentRow

if TYPE_CHECKING:
    from kiosk.ledger.database import Ledger


class LedgerTx:
    def __init__(self, session: Session, ledger: Ledger) -> None:
        self.session = session
        self.ledger = ledger
        self.pending_anchor: Anchor | None = None

    # -- audit --------------------------------------------------------------
    def audit(self, actor: str, action: str, subject: str = "", **detail: Any) -> None:
        self.pending_anchor = self.ledger.audit_chain.append(
            self.session, at=self.ledger.clock(), actor=actor, action=action,
            subject=subject, detail=detail,
        )

    def lock(self, scope: str, key: str) -> None:
        """Serialise this transaction with others on (scope, key) (PostgreSQL; see locks.py)."""
        advisory_lock(self.session, scope, key)

    # -- payments -----------------------------------------------------------
    def add_payment(self, row: PaymentRow, actor: str) -> PaymentRow:
        now = self.ledger.clock()
        row.created_at = row.updated_at = now
        row.status = PaymentStatus.CREATED.value
        self.session.add(row)
        self.session.flush()  # no ORM relationships: insert the parent before its events
        self.session.add(PaymentEventRow(payment_id=row.id, at=now, from_status="",
                                         to_status=row.status, attempt=0))
        self.audit(actor, "payment.created", row.id, patient=row.patient_id,
                   amount_cents=row.amount_cents, kind=row.kind, method=row.method)
        return row

    def payment(self, payment_id: str) -> PaymentRow:
        row = self.session.get(PaymentRow, payment_id)
        if row is None:
            raise KeyError(f"no payment {payment_id}")
        return row

    def transition(self, row: PaymentRow, new: PaymentStatus, actor: str, detail: str = "",
                   **fields: Any) -> None:
        current = PaymentStatus(row.status)
        check_transition(current, new, row.method)
        for name, value in fields.items():
            if not hasattr(PaymentRow, name):
                raise AttributeError(f"payments has no column {name}")
            setattr(row, name, value)
        row.status = new.value
        row.updated_at = self.ledger.clock()
        self.session.add(PaymentEventRow(payment_id=row.id, at=row.updated_at,
                                         from_status=current.value, to_status=new.value,
                                         attempt=row.attempts, detail=detail[:240]))
        self.audit(actor, f"payment.{new.value}", row.id, attempt=row.attempts,
                   amount_cents=row.amount_cents)

    def note(self, row: PaymentRow, actor: str, action: str, **fields: Any) -> None:
        """Change non-status fields (e.g. a terminal reference) with an audit entry."""
        for name, value in fields.items():
            setattr(row, name, value)
        row.updated_at = self.ledger.clock()
        self.audit(actor, action, row.id, **{k: v for k, v in fields.items()
                                              if k in ("processor_ref",)})

    # -- outbox -------------------------------------------------------------
    def enqueue(self, posting_id: str, kind: PostingKind, payment: PaymentRow,
                amount: Money) -> OutboxRow:
        row = OutboxRow(
            posting_id=posting_id, kind=kind.value, payment_id=payment.id,
            amount_cents=amount.cents, currency=amount.currency,
            status=PostingStatus.QUEUED.value, attempts=0, created_at=self.ledger.clock(),
        )
        self.session.add(row)
        return row

    def outbox_for(self, payment_id: str) -> list[OutboxRow]:
        return list(self.session.scalars(
            select(OutboxRow).where(OutboxRow.payment_id == payment_id).order_by(OutboxRow.seq)
        ))
