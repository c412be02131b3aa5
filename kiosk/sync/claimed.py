"""Many sync workers on one shared (PostgreSQL) ledger, each posting never sent twice.

Every kiosk and counter of a clinic runs a sync worker; on a shared ledger
they all drain the same outbox. Each posting is claimed with ``SELECT ... FOR
UPDATE SKIP LOCKED`` inside the very transaction that records its outcome:

- a row another worker is posting is skipped, not waited for;
- a row another worker has just posted fails the re-check of ``status =
  'queued'`` that PostgreSQL makes when it locks a row changed under it;
- a worker that dies mid-post loses its transaction, the lock goes with it,
  and the row is queued again for whoever comes next; the resend carries the
  same posting id, so the PMS answers with the record it already has.

The rules of :class:`~kiosk.sync.worker.SyncWorker` are kept: in order, a
transient failure stops this worker's drain, a rejection is set aside, and a
reversal is never posted before its payment (the due query hides a reversal
while its payment's posting is unsettled, and a payment being posted by
another worker is still unsettled until that worker commits).

SQLite ledgers keep one worker per file (its file lock) and the plain worker.
"""

from __future__ import annotations

import logging

from kiosk import crashpoints
from kiosk.domain.payment import PostingStatus
from kiosk.ledger.models import OutboxRow
from kiosk.ledger.queries import due_postings_query
from kiosk.ledger.transaction import LedgerTx
from kiosk.ports.pms import PmsError, PmsRejected, PostReceipt
from kiosk.sync.worker import DrainReport, SyncWorker, _posting

log = logging.getLogger(__name__)


class ClaimingSyncWorker(SyncWorker):
    """The sync worker for a PostgreSQL ledger; any number may run at once."""

    def _drain(self) -> DrainReport:
        report = DrainReport()
        while True:
            sent = self._claim_and_send(report)
            if sent is None:
                break
            if not sent:
                return report
        if not report.failed:
            self.last_success_at = self.ledger.clock()
            self.last_error = ""
        return report

    def _claim_and_send(self, report: DrainReport) -> bool | None:
        """Post the first due row nobody else holds. None: nothing due; False: stop."""
        outcome: bool | None = None
        with self.ledger.transaction() as tx:
            row = tx.session.scalars(
                due_postings_query().limit(1).with_for_update(skip_locked=True, of=OutboxRow)
            ).first()
            if row is None:
                return None
            posting = _posting(tx.session, row)
            crashpoints.reached("sync.sending")
            try:
                receipt = self.pms.post(posting)
            except PmsRejected as exc:
                _set_aside(tx, row, self.actor, str(exc))
                self.last_error = str(exc)
                report.rejected += 1
                return True
            except PmsError as exc:
                _note_failure(row, str(exc))
                self.last_error = str(exc)
                report.failed, report.error = True, str(exc)
                return False
            except Exception as exc:  # an adapter bug must not kill the worker
                log.exception("PMS adapter %s raised", self.pms.name)
                _note_failure(row, f"adapter error: {exc.__class__.__name__}")
                self.last_error = exc.__class__.__name__
                report.failed, report.error = True, exc.__class__.__name__
                return False
            crashpoints.reached("sync.accepted")
            _mark_posted(tx, row, self.actor, receipt)
            outcome = True
        crashpoints.reached("sync.posted")
        report.posted += 1
        report.duplicates += int(receipt.duplicate)
        return outcome


def _mark_posted(tx: LedgerTx, row: OutboxRow, actor: str, receipt: PostReceipt) -> None:
    row.status = PostingStatus.POSTED.value
    row.attempts += 1
    row.pms_ref = receipt.pms_ref[:128]
    row.posted_at = tx.ledger.clock()
    row.last_error = ""
    tx.audit(actor, "posting.posted", row.posting_id, payment=row.payment_id, kind=row.kind,
             duplicate=receipt.duplicate)


def _set_aside(tx: LedgerTx, row: OutboxRow, actor: str, reason: str) -> None:
    row.status = PostingStatus.ATTENTION.value
    row.attempts += 1
    row.last_error = reason[:240]
    tx.audit(actor, "posting.attention", row.posting_id, payment=row.payment_id,
             reason=reason[:200])


def _note_failure(row: OutboxRow, error: str) -> None:
    row.attempts += 1
    row.last_error = error[:240]
