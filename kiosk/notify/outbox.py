"""Read-side questions about the notice outbox, and the row-to-view mapping."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kiosk.crypto import DecryptionError
from kiosk.domain.money import Money
from kiosk.domain.notice import Channel, NoticeKind, NoticeStatus, NoticeView
from kiosk.ledger.models import NoticeRow
from kiosk.notify.address import mask
from kiosk.notify.sealing import NoticesDisabled, Sealer


def due_notices(session: Session, now: datetime, lease_cutoff: datetime,
                limit: int) -> Sequence[NoticeRow]:
    """Queued notices whose time has come and that no live worker is handing over."""
    return session.scalars(
        select(NoticeRow)
        .where(NoticeRow.status == NoticeStatus.QUEUED.value,
               or_(NoticeRow.next_attempt_at.is_(None), NoticeRow.next_attempt_at <= now),
               or_(NoticeRow.claimed_at.is_(None), NoticeRow.claimed_at < lease_cutoff))
        .order_by(NoticeRow.created_at, NoticeRow.id).limit(limit)
    ).all()


def next_due_at(session: Session) -> datetime | None:
    return session.scalar(select(func.min(NoticeRow.next_attempt_at))
                          .where(NoticeRow.status == NoticeStatus.QUEUED.value))


def awaiting_handover(session: Session, limit: int) -> Sequence[NoticeRow]:
    return session.scalars(
        select(NoticeRow).where(NoticeRow.status == NoticeStatus.SENT.value,
                                NoticeRow.pms_handover.is_(True))
        .order_by(NoticeRow.sent_at).limit(limit)
    ).all()


def stale_attention(session: Session, older_than: datetime) -> Sequence[NoticeRow]:
    """Set-aside notices still holding an address past the retention time."""
    return session.scalars(
        select(NoticeRow).where(NoticeRow.status == NoticeStatus.ATTENTION.value,
                                NoticeRow.sealed.is_not(None),
                                NoticeRow.updated_at < older_than)
    ).all()


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(NoticeRow.status, func.count()).group_by(NoticeRow.status))
    counts = {status.value: 0 for status in NoticeStatus}
    counts.update({status: int(count) for status, count in rows})
    return counts


def notices_with_status(session: Session, statuses: Iterable[NoticeStatus],
                        limit: int = 500) -> Sequence[NoticeRow]:
    return session.scalars(
        select(NoticeRow).where(NoticeRow.status.in_([s.value for s in statuses]))
        .order_by(NoticeRow.created_at).limit(limit)
    ).all()


def last_reminder_at(session: Session, patient_id: str, channel: Channel) -> datetime | None:
    """When the newest reminder to this patient on this channel was queued (not canceled)."""
    return session.scalar(
        select(func.max(NoticeRow.created_at)).where(and_(
            NoticeRow.patient_id == patient_id, NoticeRow.kind == NoticeKind.REMINDER.value,
            NoticeRow.channel == channel.value,
            NoticeRow.status != NoticeStatus.CANCELED.value))
    )


def masked_address(row: NoticeRow, sealer: Sealer) -> str:
    if row.sealed is None:
        return ""
    try:
        return mask(row.channel, sealer.open_notice(row.id, row.sealed).to)
    except (DecryptionError, NoticesDisabled):
        return "(cannot be read with this data key)"


def notice_view(row: NoticeRow, sealer: Sealer) -> NoticeView:
    return NoticeView(
        id=row.id, kind=NoticeKind(row.kind), channel=Channel(row.channel),
        status=NoticeStatus(row.status), payment_id=row.payment_id, patient_id=row.patient_id,
        amount=Money(row.amount_cents, row.currency), masked_to=masked_address(row, sealer),
        attempts=row.attempts, last_error=row.last_error, created_at=row.created_at,
        sent_at=row.sent_at, next_attempt_at=row.next_attempt_at,
    )
