"""The clinic's day in its own time zone, and the money that moved in it, from the ledger.

A sale belongs to the day its payment was started (``created_at``; the
approval follows within the sale); a refund or void to the day it was done.
A payment whose capture finally failed is VOIDED without a refund row: its
money never moved, and it counts as a sale and a void of the same amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from kiosk.domain.payment import CHARGED, PaymentStatus, PostingKind
from kiosk.ledger.counter_models import PostingResolutionRow, RefundRow
from kiosk.ledger.models import OutboxRow, PaymentRow

IN_FLIGHT = (PaymentStatus.AUTHORIZING, PaymentStatus.UNKNOWN, PaymentStatus.PENDING)


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """[start, end) of the clinic's day in UTC-aware datetimes (23 or 25 hours at DST)."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time.min, zone).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time.min, zone).astimezone(UTC)
    return start, end


def clinic_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True, slots=True)
class Posting:
    status: str  # queued | posted | attention | resolved | "" (none: a bug)
    error: str
    decision: str


@dataclass(frozen=True, slots=True)
class DaySale:
    payment_id: str
    terminal_id: str
    channel: str
    method: str
    amount_cents: int
    currency: str
    status: PaymentStatus
    at: datetime
    processor_ref: str
    posting: Posting


@dataclass(frozen=True, slots=True)
class DayRefund:
    refund_id: str
    payment_id: str
    terminal_id: str  # whose processor carried it
    channel: str  # the payment's
    method: str
    kind: str  # refund | void | failed_capture
    amount_cents: int
    at: datetime
    posting: Posting


@dataclass(frozen=True, slots=True)
class Unsettled:
    """Something of the day still in doubt (a payment or a refund)."""

    subject: str
    kind: str  # payment_in_doubt | payment_pending | refund_in_doubt
    terminal_id: str
    amount_cents: int


@dataclass(frozen=True, slots=True)
class DayActivity:
    day: date
    timezone: str
    start: datetime
    end: datetime
    sales: tuple[DaySale, ...]
    refunds: tuple[DayRefund, ...]
    unsettled: tuple[Unsettled, ...]


def day_activity(session: Session, day: date, timezone: str) -> DayActivity:
    start, end = day_bounds(day, timezone)
    payment_posting = aliased(OutboxRow)
    rows = session.execute(
        select(PaymentRow, payment_posting.status, payment_posting.last_error,
               PostingResolutionRow.decision)
        .outerjoin(payment_posting, and_(payment_posting.payment_id == PaymentRow.id,
                                         payment_posting.kind == PostingKind.PAYMENT.value))
        .outerjoin(PostingResolutionRow,
                   PostingResolutionRow.posting_id == payment_posting.posting_id)
        .where(PaymentRow.created_at >= start, PaymentRow.created_at < end)
        .order_by(PaymentRow.created_at)
    ).all()
    sales: list[DaySale] = []
    unsettled: list[Unsettled] = []
    for payment, status, error, decision in rows:
        current = PaymentStatus(payment.status)
        if current in CHARGED:
            sales.append(DaySale(payment.id, payment.terminal_id, payment.channel,
                                 payment.method, payment.amount_cents, payment.currency,
                                 current, payment.created_at, payment.processor_ref,
                                 Posting(status or "", error or "", decision or "")))
        elif current in IN_FLIGHT:
            kind = "payment_pending" if current is PaymentStatus.PENDING \
                else "payment_in_doubt"
            unsettled.append(Unsettled(payment.id, kind, payment.terminal_id,
                                       payment.amount_cents))

    reversal = aliased(OutboxRow)
    refund_rows = session.execute(
        select(RefundRow, PaymentRow.channel, reversal.status, reversal.last_error,
               PostingResolutionRow.decision)
        .join(PaymentRow, PaymentRow.id == RefundRow.payment_id)
        .outerjoin(reversal, reversal.posting_id == RefundRow.id)
        .outerjoin(PostingResolutionRow, PostingResolutionRow.posting_id == reversal.posting_id)
        .where(RefundRow.status == "done", RefundRow.done_at >= start, RefundRow.done_at < end)
        .order_by(RefundRow.done_at)
    ).all()
    refunds = [DayRefund(r.id, r.payment_id, r.terminal_id, channel, r.method, r.kind,
                         r.amount_cents, r.done_at or r.updated_at,
                         Posting(status or "", error or "", decision or ""))
               for r, channel, status, error, decision in refund_rows]

    # Captures that finally failed: VOIDED with nothing refunded, at their last change.
    failed = session.execute(
        select(PaymentRow, reversal.status, reversal.last_error, PostingResolutionRow.decision)
        .outerjoin(reversal, and_(reversal.payment_id == PaymentRow.id,
                                  reversal.kind == PostingKind.REVERSAL.value))
        .outerjoin(PostingResolutionRow, PostingResolutionRow.posting_id == reversal.posting_id)
        .where(PaymentRow.status == PaymentStatus.VOIDED.value, PaymentRow.refunded_cents == 0,
               PaymentRow.updated_at >= start, PaymentRow.updated_at < end)
    ).all()
    refunds += [DayRefund(f"failed-capture:{p.id}", p.id, p.terminal_id, p.channel, p.method,
                          "failed_capture", p.amount_cents, p.updated_at,
                          Posting(status or "", error or "", decision or ""))
                for p, status, error, decision in failed]

    in_doubt = session.scalars(select(RefundRow).where(
        RefundRow.status == "sent", RefundRow.created_at < end))
    unsettled += [Unsettled(r.id, "refund_in_doubt", r.terminal_id, r.amount_cents)
                  for r in in_doubt]
    return DayActivity(day, timezone, start, end, tuple(sales), tuple(refunds),
                       tuple(unsettled))
