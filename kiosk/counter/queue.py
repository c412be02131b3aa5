"""The posting queue as the front desk sees it: what waits, what was refused, and why.

Staff can requeue a posting the PMS refused (after fixing the cause in the
PMS) or resolve it: a recorded decision, with a note, that it is settled
outside the sync (entered by hand in the PMS, or not needed). A resolved
posting is never sent again, and counts as settled for what a patient may pay
and for the order of reversals.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from kiosk.counter.textguard import clean_note
from kiosk.domain.money import Money
from kiosk.domain.payment import PostingKind, PostingStatus
from kiosk.domain.staff import StaffSession
from kiosk.ledger.counter_models import PostingResolutionRow
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.ledger.queries import queue_depth
from kiosk.sync.worker import SyncWorker


class Decision(enum.StrEnum):
    ENTERED_IN_PMS = "entered_in_pms"  # staff recorded it in the PMS by hand
    NOT_NEEDED = "not_needed"  # the PMS must not get it (e.g. a test, a duplicate)
    OTHER = "other"  # see the note


@dataclass(frozen=True, slots=True)
class QueueItem:
    posting_id: str
    kind: PostingKind
    payment_id: str
    display_name: str  # masked
    method: str
    channel: str
    terminal_id: str
    amount: Money
    status: PostingStatus
    attempts: int
    last_error: str  # the PMS's reason for staff (ATTENTION) or the last transient error
    created_at: datetime
    posted_at: datetime | None
    decision: str  # for RESOLVED
    note: str  # for RESOLVED


@dataclass(frozen=True, slots=True)
class QueueStatus:
    queued: int
    attention: int
    resolved: int
    posted: int
    #: The oldest posting still waiting or set aside (how far behind the PMS is).
    oldest_waiting_at: datetime | None
    #: The last posting any worker on this ledger got into the PMS.
    last_posted_at: datetime | None
    #: This counter's worker: its last drain that finished without a failure.
    last_success_at: datetime | None
    last_error: str
    running: bool


class PostingQueue:
    def __init__(self, ledger: Ledger, sync: SyncWorker) -> None:
        self.ledger = ledger
        self.sync = sync

    def items(self, statuses: tuple[PostingStatus, ...] = (PostingStatus.ATTENTION,
                                                           PostingStatus.QUEUED),
              limit: int = 500) -> list[QueueItem]:
        """Set-aside postings first (they need someone), then the waiting ones, in order."""
        order = {PostingStatus.ATTENTION.value: 0, PostingStatus.QUEUED.value: 1}
        with self.ledger.read() as session:
            rows = session.execute(
                select(OutboxRow, PaymentRow, PostingResolutionRow)
                .join(PaymentRow, PaymentRow.id == OutboxRow.payment_id)
                .outerjoin(PostingResolutionRow,
                           PostingResolutionRow.posting_id == OutboxRow.posting_id)
                .where(OutboxRow.status.in_([s.value for s in statuses]))
                .order_by(OutboxRow.seq).limit(limit)
            ).all()
        items = [QueueItem(
            posting_id=o.posting_id, kind=PostingKind(o.kind), payment_id=o.payment_id,
            display_name=p.display_name, method=p.method, channel=p.channel,
            terminal_id=p.terminal_id, amount=Money(o.amount_cents, o.currency),
            status=PostingStatus(o.status), attempts=o.attempts, last_error=o.last_error,
            created_at=o.created_at, posted_at=o.posted_at,
            decision=r.decision if r else "", note=r.note if r else "",
        ) for o, p, r in rows]
        return sorted(items, key=lambda item: order.get(item.status.value, 2))

    def status(self) -> QueueStatus:
        worker = self.sync.status()
        with self.ledger.read() as session:
            depth = queue_depth(session)
            last_posted = session.scalar(select(func.max(OutboxRow.posted_at)))
            oldest = session.scalar(select(func.min(OutboxRow.created_at)).where(
                OutboxRow.status.in_([PostingStatus.QUEUED.value,
                                      PostingStatus.ATTENTION.value])))
        return QueueStatus(
            queued=depth[PostingStatus.QUEUED.value],
            attention=depth[PostingStatus.ATTENTION.value],
            resolved=depth[PostingStatus.RESOLVED.value],
            posted=depth[PostingStatus.POSTED.value],
            oldest_waiting_at=oldest, last_posted_at=last_posted,
            last_success_at=worker.last_success_at, last_error=worker.last_error,
            running=worker.running,
        )

    def retry(self, staff: StaffSession, posting_id: str) -> bool:
        """Requeue a posting the PMS refused; the worker is woken at once."""
        return self.sync.retry(posting_id, staff.actor)

    def resolve(self, staff: StaffSession, posting_id: str, decision: Decision,
                note: str) -> bool:
        """Settle a refused posting outside the sync. False if it is not set aside."""
        cleaned = clean_note(note)
        if decision is Decision.OTHER and not cleaned:
            raise ValueError("say what was done in the note")
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(select(OutboxRow).where(
                OutboxRow.posting_id == posting_id).with_for_update()).first()
            if row is None or row.status != PostingStatus.ATTENTION.value:
                return False
            row.status = PostingStatus.RESOLVED.value
            tx.session.add(PostingResolutionRow(posting_id=posting_id,
                                                decision=Decision(decision).value, note=cleaned,
                                                staff_id=staff.staff.id, at=tx.ledger.clock()))
            # The note stays in its table: free text is never copied into the audit log.
            tx.audit(staff.actor, "posting.resolved", posting_id, payment=row.payment_id,
                     decision=Decision(decision).value, staff_id=staff.staff.id)
        return True

    def sync_now(self) -> None:
        self.sync.wake()
