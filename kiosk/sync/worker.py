"""Drain the outbox to the PMS in order, exactly once per posting.

- A transient failure (down, slow, garbage) stops the drain; the worker backs
  off exponentially with jitter and resumes from the same row, also after a
  restart, because the queue lives in the ledger.
- A rejection moves that row to ATTENTION with the reason and the drain goes on.
- A reversal is never sent before the payment it reverses is POSTED.
- Every posting carries its id as the idempotency key, so a resend after a
  crash in the window between "the PMS accepted" and "we recorded POSTED"
  finds the existing record instead of adding one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk import crashpoints
from kiosk.background import WakeableLoop
from kiosk.domain.money import Money
from kiosk.domain.payment import PostingKind, PostingStatus
from kiosk.domain.posting import Posting
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import OutboxRow, PaymentRow
from kiosk.ledger.queries import next_due_postings, queue_depth
from kiosk.ledger.transaction import LedgerTx
from kiosk.ports.pms import BatchPosting, Pms, PmsError, PmsRejected, PostReceipt
from kiosk.sync.backoff import Backoff
from kiosk.sync.lock import WorkerLock

log = logging.getLogger(__name__)


class SyncBusy(RuntimeError):
    """Another sync worker holds this ledger."""


@dataclass
class DrainReport:
    posted: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed: bool = False
    error: str = ""


@dataclass(frozen=True)
class SyncStatus:
    queued: int
    attention: int
    posted: int
    last_success_at: datetime | None
    last_error: str
    running: bool


class SyncWorker:
    def __init__(self, ledger: Ledger, pms: Pms, backoff: Backoff, actor: str,
                 interval_s: float = 5, batch_size: int = 50,
                 lock_path: Path | None = None) -> None:
        self.ledger = ledger
        self.pms = pms
        self.backoff = backoff
        self.actor = actor
        self.interval_s = interval_s
        self.batch_size = batch_size
        self.lock = WorkerLock(lock_path)
        self.last_success_at: datetime | None = None
        self.last_error = ""
        self._failures = 0
        self._loop = WakeableLoop("sync-worker", self._one_pass)

    # -- one pass -----------------------------------------------------------
    def drain_once(self) -> DrainReport:
        if not self.lock.acquire():
            raise SyncBusy(f"another sync worker (process {self.lock.holder()}) holds the ledger")
        try:
            return self._drain()
        finally:
            self.lock.release()

    def _drain(self) -> DrainReport:
        report = DrainReport()
        while True:
            with self.ledger.read() as session:
                batch = [(row.seq, _posting(session, row))
                         for row in next_due_postings(session, self.batch_size)]
            if not batch:
                break
            if isinstance(self.pms, BatchPosting):
                if not self._send_many(self.pms, batch, report):
                    return report
                continue
            for seq, posting in batch:
                if not self._send(seq, posting, report):
                    return report
        if not report.failed:
            self.last_success_at = self.ledger.clock()
            self.last_error = ""
        return report

    def _send(self, seq: int, posting: Posting, report: DrainReport) -> bool:
        """Post one row; False stops the drain (transient failure)."""
        crashpoints.reached("sync.sending")
        try:
            receipt = self.pms.post(posting)
        except PmsRejected as exc:
            self._set_aside(seq, str(exc))
            report.rejected += 1
            return True
        except PmsError as exc:
            self._note_failure(seq, str(exc))
            report.failed, report.error = True, str(exc)
            return False
        except Exception as exc:  # an adapter bug must not kill the worker
            log.exception("PMS adapter %s raised", self.pms.name)
            self._note_failure(seq, f"adapter error: {exc.__class__.__name__}")
            report.failed, report.error = True, exc.__class__.__name__
            return False
        crashpoints.reached("sync.accepted")
        self._mark_posted(seq, receipt)
        crashpoints.reached("sync.posted")
        report.posted += 1
        report.duplicates += int(receipt.duplicate)
        return True

    def _send_many(self, pms: BatchPosting, batch: list[tuple[int, Posting]],
                   report: DrainReport) -> bool:
        """Post a batch in one request where the adapter can; same rules as :meth:`_send`.

        Results are recorded in queue order; the first transient failure stops
        the drain at that row, exactly as one-by-one sending would.
        """
        crashpoints.reached("sync.sending")
        try:
            results = pms.post_many([posting for _, posting in batch])
        except Exception as exc:  # an adapter bug must not kill the worker
            log.exception("PMS adapter %s raised", self.pms.name)
            self._note_failure(batch[0][0], f"adapter error: {exc.__class__.__name__}")
            report.failed, report.error = True, exc.__class__.__name__
            return False
        accepted: list[tuple[int, PostReceipt]] = []
        try:
            for (seq, _posting), result in zip(batch, results, strict=False):
                if isinstance(result, PmsRejected):
                    self._set_aside(seq, str(result))
                    report.rejected += 1
                elif isinstance(result, PostReceipt):
                    accepted.append((seq, result))
                else:
                    self._note_failure(seq, str(result))
                    report.failed, report.error = True, str(result)
                    return False
            if len(results) < len(batch):  # an adapter that went quiet without saying why
                error = "adapter answered for fewer postings than it was given"
                self._note_failure(batch[len(results)][0], error)
                report.failed, report.error = True, error
                return False
            return True
        finally:
            # One commit for the whole batch: a crash before it resends the batch, and the
            # PMS finds every posting it already holds by its id.
            if accepted:
                crashpoints.reached("sync.accepted")
                self._mark_posted_many(accepted)
                crashpoints.reached("sync.posted")
                report.posted += len(accepted)
                report.duplicates += sum(int(receipt.duplicate) for _, receipt in accepted)

    def _mark_posted(self, seq: int, receipt: PostReceipt) -> None:
        self._mark_posted_many([(seq, receipt)])

    def _mark_posted_many(self, accepted: list[tuple[int, PostReceipt]]) -> None:
        with self.ledger.transaction() as tx:
            for seq, receipt in accepted:
                self._record_posted(tx, seq, receipt)

    def _record_posted(self, tx: LedgerTx, seq: int, receipt: PostReceipt) -> None:
        row = tx.session.get(OutboxRow, seq)
        if row is None or row.status == PostingStatus.POSTED.value:
            return
        row.status = PostingStatus.POSTED.value
        row.attempts += 1
        row.pms_ref = receipt.pms_ref[:128]
        row.posted_at = self.ledger.clock()
        row.last_error = ""
        tx.audit(self.actor, "posting.posted", row.posting_id, payment=row.payment_id,
                 kind=row.kind, duplicate=receipt.duplicate)

    def _set_aside(self, seq: int, reason: str) -> None:
        with self.ledger.transaction() as tx:
            row = tx.session.get(OutboxRow, seq)
            if row is None:
                return
            row.status = PostingStatus.ATTENTION.value
            row.attempts += 1
            row.last_error = reason[:240]
            tx.audit(self.actor, "posting.attention", row.posting_id, payment=row.payment_id,
                     reason=reason[:200])
        self.last_error = reason

    def _note_failure(self, seq: int, error: str) -> None:
        self.last_error = error
        try:
            with self.ledger.transaction() as tx:
                row = tx.session.get(OutboxRow, seq)
                if row is not None:
                    row.attempts += 1
                    row.last_error = error[:240]
        except Exception:  # recording the failure is best effort; the row stays queued
            log.warning("could not record a posting failure in the ledger")

    # -- staff actions ------------------------------------------------------
    def retry(self, posting_id: str, actor: str) -> bool:
        """Put a posting that needed attention back in the queue."""
        with self.ledger.transaction() as tx:
            row = tx.session.query(OutboxRow).filter_by(posting_id=posting_id).one_or_none()
            if row is None or row.status != PostingStatus.ATTENTION.value:
                return False
            row.status = PostingStatus.QUEUED.value
            tx.audit(actor, "posting.retry", posting_id, payment=row.payment_id)
        self.wake()
        return True

    # -- background loop ----------------------------------------------------
    def start(self) -> None:
        self._loop.start()

    def wake(self) -> None:
        self._loop.wake()

    def stop(self, timeout: float = 10) -> None:
        self._loop.stop(timeout)

    def _one_pass(self) -> float:
        """Drain; sleep the interval, or back off while the PMS keeps failing."""
        try:
            report = self.drain_once()
        except SyncBusy as exc:
            report = DrainReport(failed=True, error=str(exc))
        except Exception as exc:
            log.exception("sync pass failed")
            report = DrainReport(failed=True, error=exc.__class__.__name__)
        self._failures = self._failures + 1 if report.failed else 0
        return self.backoff.delay_s(self._failures) if self._failures else self.interval_s

    def status(self) -> SyncStatus:
        with self.ledger.read() as session:
            depth = queue_depth(session)
        return SyncStatus(
            queued=depth[PostingStatus.QUEUED.value],
            attention=depth[PostingStatus.ATTENTION.value],
            posted=depth[PostingStatus.POSTED.value],
            last_success_at=self.last_success_at, last_error=self.last_error,
            running=self._loop.running,
        )


def _posting(session: Session, row: OutboxRow) -> Posting:
    payment = session.get(PaymentRow, row.payment_id)
    if payment is None:  # impossible with the foreign key; refuse loudly rather than guess
        raise LookupError(f"outbox row {row.seq} names a missing payment")
    return Posting(
        id=row.posting_id, kind=PostingKind(row.kind), payment_id=payment.id,
        patient_id=payment.patient_id, amount=Money(row.amount_cents, row.currency),
        method=payment.method, occurred_at=row.created_at, terminal_id=payment.terminal_id,
        channel=payment.channel, card_brand=payment.card_brand, card_last4=payment.card_last4,
        auth_code=payment.auth_code, processor_ref=payment.processor_ref,
    )
