"""Read-side questions the core asks the ledger (no writes here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from kiosk.domain.money import Money
from kiosk.domain.payment import (
    POSTING_SETTLED,
    CardDetails,
    PaymentKind,
    PaymentStatus,
    PaymentView,
    PostingKind,
    PostingStatus,
)
from kiosk.ledger.models import OutboxRow, PaymentRow

#: A payment started but not (yet) charged holds its amount this long after its last change:
#: long enough for any patient session, short enough that one a crashed device left
#: behind does not block the balance for good (its own restart abandons it anyway).
LIVE_ATTEMPT = timedelta(minutes=30)


def unposted_holds(session: Session, patient_id: str, currency: str,
                   now: datetime | None = None) -> Money:
    """Money we hold or may hold for this patient that the PMS balance does not show yet.

    Payments in flight or in doubt count too: until the terminal tells us
    otherwise, the money may have been taken, and the patient must not be able
    to pay the same balance twice. So do attempts still under way on another
    device (started, declined or canceled and maybe about to be tried again):
    two devices must not both take the same balance.
    """
    posted = (
        select(OutboxRow.payment_id)
        .where(OutboxRow.kind == PostingKind.PAYMENT.value,
               OutboxRow.status.in_([s.value for s in POSTING_SETTLED]))
    )
    holding = [s.value for s in (PaymentStatus.AUTHORIZING, PaymentStatus.UNKNOWN,
                                 PaymentStatus.PENDING, PaymentStatus.APPROVED,
                                 PaymentStatus.CAPTURED, PaymentStatus.PARTLY_REFUNDED)]
    live = [s.value for s in (PaymentStatus.CREATED, PaymentStatus.DECLINED,
                              PaymentStatus.CANCELED)]
    since = (now or datetime.now(UTC)) - LIVE_ATTEMPT
    total = session.scalar(
        select(func.coalesce(func.sum(PaymentRow.amount_cents - PaymentRow.refunded_cents), 0))
        .where(PaymentRow.patient_id == patient_id, PaymentRow.currency == currency,
               or_(PaymentRow.status.in_(holding),
                   and_(PaymentRow.status.in_(live), PaymentRow.updated_at >= since)),
               PaymentRow.id.not_in(posted))
    )
    return Money(int(total or 0), currency)


def payments_with_status(session: Session, statuses: Iterable[PaymentStatus],
                         terminal_id: str | None = None) -> Sequence[PaymentRow]:
    query = select(PaymentRow).where(PaymentRow.status.in_([s.value for s in statuses]))
    if terminal_id is not None:
        query = query.where(PaymentRow.terminal_id == terminal_id)
    return session.scalars(query.order_by(PaymentRow.created_at)).all()


def payment_view(session: Session, row: PaymentRow) -> PaymentView:
    posting = session.scalar(
        select(OutboxRow.status).where(OutboxRow.payment_id == row.id,
                                       OutboxRow.kind == PostingKind.PAYMENT.value)
    )
    return PaymentView(
        id=row.id, status=PaymentStatus(row.status), kind=PaymentKind(row.kind),
        amount=Money(row.amount_cents, row.currency),
        refunded=Money(row.refunded_cents, row.currency), patient_id=row.patient_id,
        display_name=row.display_name, terminal_id=row.terminal_id, channel=row.channel,
        method=row.method,
        card=CardDetails(row.card_brand, row.card_last4, row.auth_code),
        processor_ref=row.processor_ref, attempts=row.attempts, created_at=row.created_at,
        updated_at=row.updated_at, session_ref=row.session_ref,
        posting_status=PostingStatus(posting) if posting else None,
        last_message=row.last_message,
    )


def outbox_queue(session: Session, statuses: Iterable[PostingStatus]) -> Sequence[OutboxRow]:
    return session.scalars(
        select(OutboxRow).where(OutboxRow.status.in_([s.value for s in statuses]))
        .order_by(OutboxRow.seq)
    ).all()


def next_due_postings(session: Session, limit: int) -> Sequence[OutboxRow]:
    """Queued postings in order, skipping reversals whose payment is not posted yet."""
    return session.scalars(due_postings_query().limit(limit)).all()


def due_postings_query() -> Select[OutboxRow]:
    """The drain's order and its one rule (a reversal waits for its payment), as a query."""
    payment_posting = OutboxRow.__table__.alias("payment_posting")
    blocked_reversal = and_(
        OutboxRow.kind == PostingKind.REVERSAL.value,
        select(payment_posting.c.seq).where(
            payment_posting.c.payment_id == OutboxRow.payment_id,
            payment_posting.c.kind == PostingKind.PAYMENT.value,
            payment_posting.c.status.not_in([s.value for s in POSTING_SETTLED]),
        ).exists(),
    )
    return (select(OutboxRow)
            .where(OutboxRow.status == PostingStatus.QUEUED.value, ~blocked_reversal)
            .order_by(OutboxRow.seq))


def queue_depth(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
    ).all()
    depth = {status.value: 0 for status in PostingStatus}
    depth.update({status: int(count) for status, count in rows})
    return depth


def oldest_queued_at(session: Session) -> datetime | None:
    return session.scalar(
        select(func.min(OutboxRow.created_at)).where(
            or_(OutboxRow.status == PostingStatus.QUEUED.value,
                OutboxRow.status == PostingStatus.ATTENTION.value))
    )
