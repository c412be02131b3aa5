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

Where the PMS adapter posts in batches (FHIR transaction Bundles), a worker
claims up to ``batch_size`` rows at once, sends them together and records every
outcome in the claiming transaction: a crash before its commit resends the
batch, which the PMS recognises posting by posting.

SQLite ledgers keep one worker per file (its file lock) and the plain worker.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import cast

from kiosk import crashpoints
from kiosk.domain.payment import PostingStatus
from kiosk.domain.posting import Posting
from kiosk.ledger.models import OutboxRow
from kiosk.ledger.queries import due_postings_query
from kiosk.ledger.transaction import LedgerTx
from kiosk.ports.pms import BatchPosting, PmsError, PmsRejected, PostReceipt
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
        """Claim the first due rows nobody else holds and post them (in one request where
        the adapter batches). None: nothing due; False: stop (a transient failure)."""
        batching = isinstance(self.pms, BatchPosting)
        accepted: list[tuple[OutboxRow, PostReceipt]] = []
        keep_going = True
        with self.ledger.transaction() as tx:
            rows = list(tx.session.scalars(
                due_postings_query().limit(self.batch_size if batching else 1)
                .with_for_update(skip_locked=True, of=OutboxRow)))
            if not rows:
                return None
            postings = [_posting(tx.session, row) for row in rows]
            crashpoints.reached("sync.sending")
            results = self._post(postings, batching)
            for row, result in zip(rows, results, strict=False):
                if isinstance(result, PostReceipt):
                    accepted.append((row, result))
                elif isinstance(result, PmsRejected):
                    _set_aside(tx, row, self.actor, str(result))
                    self.last_error = str(result)
                    report.rejected += 1
                else:  # transient: this row stays queued, the rest are left for later
                    _note_failure(row, str(result))
                    self.last_error = str(result)
                    report.failed, report.error = True, str(result)
                    keep_going = False
                    break
            else:
                if len(results) < len(rows):  # an adapter that went quiet without saying why
                    error = "adapter answered for fewer postings than it was given"
                    _note_failure(rows[len(results)], error)
                    self.last_error = error
                    report.failed, report.error = True, error
                    keep_going = False
            if accepted:  # one commit with the claims: a crash before it resends the batch
                crashpoints.reached("sync.accepted")
                for row, receipt in accepted:
                    _mark_posted(tx, row, self.actor, receipt)
        if accepted:
            crashpoints.reached("sync.posted")
            report.posted += len(accepted)
            report.duplicates += sum(int(receipt.duplicate) for _, receipt in accepted)
        return keep_going

    def _post(self, postings: list[Posting],
              batching: bool) -> Sequence[PostReceipt | PmsError | Exception]:
        """The PMS's answer for each posting, in order; an adapter bug becomes a failure."""
        try:
            if batching:
                return cast(BatchPosting, self.pms).post_many(postings)
            return [self.pms.post(postings[0])]
        except PmsError as exc:
            return [exc]
        except Exception as exc:  # an adapter bug must not kill the worker
            log.exception("PMS adapter %s raised", self.pms.name)
            return [RuntimeError(f"adapter error: {exc.__class__.__name__}")]


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
