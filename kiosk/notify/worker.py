"""Drain the notice outbox: each notice accepted by its server once, and never sent again.

For each due notice, in its own short transactions:

1. **Claim**: commit ``claimed_at`` and the attempt. From here until step 4
   commits, a crash leaves a claim that outlives its lease, and the next
   worker treats the notice as *in doubt*: it may have reached the server.
2. **Resolve doubt by asking**: for an in-doubt notice, a notifier that can
   (:class:`~kiosk.ports.notifier.SentLookup`, e.g. the SMS gateway's message
   list) is asked whether it already holds it; found means sent, not resent.
3. **Send**, carrying the notice id (SMTP: as the Message-ID).
4. **Record**: SENT, and the sealed address erased, in one commit.

The one window in which a notice can reach a patient twice is a crash (or a
lost answer) between the server's acceptance in step 3 and the commit in step
4, on a channel that cannot be asked (SMTP). The resend carries the same
Message-ID, so mail systems that de-duplicate on it show one message.

A transient failure (server down, 4xx, timeout) puts the notice back with
exponential backoff and stops that channel for the rest of the pass; a
refusal for good sets it aside as ATTENTION for staff, as does a notice no
server accepted within ``give_up_after``. Reminders are held back during quiet
hours.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from kiosk import crashpoints
from kiosk.background import WakeableLoop
from kiosk.crypto import DecryptionError
from kiosk.domain.notice import Channel, NoticeKind, NoticeStatus
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import NoticeRow
from kiosk.ledger.transaction import LedgerTx
from kiosk.notify.compose import Composer
from kiosk.notify.handover import Housekeeping
from kiosk.notify.outbox import due_notices, next_due_at
from kiosk.notify.quiet import QuietHours
from kiosk.notify.sealing import Sealer
from kiosk.ports.notifier import LookupOutcome, Notice, Notifier, SendResult, SentLookup
from kiosk.sync.backoff import Backoff
from kiosk.sync.lock import WorkerLock

log = logging.getLogger(__name__)

_MARK_SENT_RETRIES = 5  # a busy or failing disk must not widen the resend window lightly


class NoticeBusy(RuntimeError):
    """Another notice worker holds this ledger."""


@dataclass
class NoticeDrainReport:
    sent: int = 0
    found_sent: int = 0  # in doubt, and the server said it already had it
    set_aside: int = 0
    retrying: int = 0  # transient failures this pass
    deferred: int = 0  # reminders held back for quiet hours
    handed_over: int = 0
    erased: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.retrying > 0


@dataclass(frozen=True)
class _Claimed:
    notice: Notice
    notifier: Notifier
    in_doubt: bool
    since: datetime


class NoticeWorker:
    def __init__(self, ledger: Ledger, sealer: Sealer, notifiers: Mapping[Channel, Notifier],
                 composer: Composer, backoff: Backoff, actor: str, *,
                 housekeeping: Housekeeping | None = None, quiet: QuietHours | None = None,
                 interval_s: float = 30, lease_s: float = 300,
                 give_up_after: timedelta = timedelta(hours=24),
                 lock_path: Path | None = None, batch_size: int = 20) -> None:
        self.ledger = ledger
        self.sealer = sealer
        self.notifiers = dict(notifiers)
        self.composer = composer
        self.backoff = backoff
        self.actor = actor
        self.housekeeping = housekeeping
        self.quiet = quiet
        self.interval_s = interval_s
        self.lock = WorkerLock(lock_path)
        # With the file lock, no other worker is alive while we hold it: any claim we
        # find was left by a dead one. Without it (PostgreSQL), a claim holds for a lease.
        self.lease = timedelta(0) if lock_path is not None else timedelta(seconds=lease_s)
        self.give_up_after = give_up_after
        self.batch_size = batch_size
        self.last_error = ""
        self._loop = WakeableLoop("notice-worker", self._one_pass)

    # -- one pass -----------------------------------------------------------
    def drain_once(self) -> NoticeDrainReport:
        if not self.lock.acquire():
            raise NoticeBusy(f"another notice worker (process {self.lock.holder()}) is "
                             "sending")
        try:
            report = NoticeDrainReport()
            self._drain(report)
            if self.housekeeping is not None:
                self.housekeeping.run(report)
            return report
        finally:
            self.lock.release()

    def _drain(self, report: NoticeDrainReport) -> None:
        down: set[str] = set()
        seen: set[str] = set()
        while True:
            now = self.ledger.clock()
            with self.ledger.read() as session:
                rows = [row for row in due_notices(session, now, now - self.lease,
                                                   self.batch_size + len(seen))
                        if row.id not in seen and row.channel not in down]
            if not rows:
                return
            for row in rows[:self.batch_size]:
                seen.add(row.id)
                if row.channel in down:
                    continue
                if not self._one(row.id, report):
                    down.add(row.channel)

    def _one(self, notice_id: str, report: NoticeDrainReport) -> bool:
        """Hand one notice over; False when its channel should rest for this pass."""
        claimed = self._claim(notice_id, report)
        if claimed is None:
            return True
        crashpoints.reached("notify.claimed")
        notice, notifier = claimed.notice, claimed.notifier
        if claimed.in_doubt and isinstance(notifier, SentLookup):
            try:
                found = notifier.lookup(notice, claimed.since)
            except Exception as exc:  # an adapter bug must not kill the worker
                log.exception("notifier %s lookup raised", notifier.name)
                found_detail = f"adapter error: {exc.__class__.__name__}"
                return self._retry(notice_id, SendResult(False, True, found_detail,
                                                         uncertain=True), report)
            if found.outcome is LookupOutcome.FOUND:
                self._mark_sent(notice_id, found.ref, via_lookup=True)
                report.found_sent += 1
                return True
            if found.outcome is LookupOutcome.UNKNOWN:
                return self._retry(notice_id, SendResult(
                    False, True, f"could not ask whether it was sent: {found.detail}",
                    uncertain=True), report)
        crashpoints.reached("notify.sending")
        try:
            result = notifier.send(notice)
        except Exception as exc:
            log.exception("notifier %s raised", notifier.name)
            result = SendResult(False, True, f"adapter error: {exc.__class__.__name__}",
                                uncertain=True)
        if result.accepted:
            crashpoints.reached("notify.accepted")
            self._mark_sent(notice_id, result.ref)
            crashpoints.reached("notify.sent")
            report.sent += 1
            return True
        if not result.transient:
            self._set_aside(notice_id, result.detail or "refused by the server")
            report.set_aside += 1
            return True
        return self._retry(notice_id, result, report)

    def _claim(self, notice_id: str, report: NoticeDrainReport) -> _Claimed | None:
        now = self.ledger.clock()
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is None or row.status != NoticeStatus.QUEUED.value:
                return None
            if row.claimed_at is not None and row.claimed_at >= now - self.lease:
                return None  # another worker is on it
            if row.next_attempt_at is not None and row.next_attempt_at > now:
                return None
            if row.kind == NoticeKind.REMINDER.value and self.quiet is not None \
                    and self.quiet.contains(now):
                row.next_attempt_at = self.quiet.ends_after(now)
                row.claimed_at = None
                report.deferred += 1
                return None
            if row.attempts > 0 and now - row.queued_at > self.give_up_after:
                hours = int(self.give_up_after.total_seconds() // 3600)
                self._aside(tx, row, f"not accepted within {hours} h; last error: "
                                     f"{row.last_error or 'none'}")
                report.set_aside += 1
                return None
            notifier = self.notifiers.get(Channel(row.channel))
            if notifier is None:
                self._aside(tx, row, f"sending by {row.channel} is no longer configured")
                report.set_aside += 1
                return None
            if row.sealed is None:
                self._aside(tx, row, "the address is gone")
                report.set_aside += 1
                return None
            try:
                sealed = self.sealer.open_notice(row.id, row.sealed)
            except DecryptionError:
                self._aside(tx, row, "the address cannot be read (was the data key changed?)")
                report.set_aside += 1
                return None
            notice = self.composer.compose(tx.session, row, sealed)
            row.in_doubt = row.in_doubt or row.claimed_at is not None  # a dead worker's claim
            row.claimed_at = now
            row.attempts += 1
            row.updated_at = now
            return _Claimed(notice, notifier, row.in_doubt, row.created_at)

    def _mark_sent(self, notice_id: str, ref: str, via_lookup: bool = False) -> None:
        """Record acceptance; retried, because until this commits a crash means a resend."""
        for attempt in range(_MARK_SENT_RETRIES):
            try:
                self._commit_sent(notice_id, ref, via_lookup)
                return
            except SQLAlchemyError:
                if attempt == _MARK_SENT_RETRIES - 1:
                    raise
                time.sleep(0.05 * 2 ** attempt)

    def _commit_sent(self, notice_id: str, ref: str, via_lookup: bool) -> None:
        now = self.ledger.clock()
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is None or row.status == NoticeStatus.SENT.value:
                return
            row.status = NoticeStatus.SENT.value
            row.sent_at = row.updated_at = now
            row.provider_ref = ref[:128]
            row.claimed_at, row.next_attempt_at = None, None
            row.in_doubt, row.last_error = False, ""
            keep = (self.housekeeping is not None and self.housekeeping.wants(row))
            row.pms_handover = keep
            if not keep:
                row.sealed = None  # erased: the server has it now
            tx.audit(self.actor, "notice.sent", notice_id, kind=row.kind, channel=row.channel,
                     payment=row.payment_id or "", attempts=row.attempts,
                     found_by_lookup=via_lookup)
        self.last_error = ""

    def _retry(self, notice_id: str, result: SendResult, report: NoticeDrainReport) -> bool:
        now = self.ledger.clock()
        detail = result.detail or "not accepted"
        self.last_error = detail
        report.retrying += 1
        report.errors.append(detail)
        try:
            with self.ledger.transaction() as tx:
                row = tx.session.get(NoticeRow, notice_id)
                if row is not None and row.status == NoticeStatus.QUEUED.value:
                    row.claimed_at = None
                    row.in_doubt = result.uncertain
                    row.last_error = detail[:240]
                    row.next_attempt_at = now + timedelta(
                        seconds=self.backoff.delay_s(row.attempts))
                    row.updated_at = now
        except SQLAlchemyError:  # best effort: the stale claim makes it in doubt, not lost
            log.warning("could not record a notice failure in the ledger")
        return False

    def _set_aside(self, notice_id: str, reason: str) -> None:
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is not None and row.status == NoticeStatus.QUEUED.value:
                self._aside(tx, row, reason)

    def _aside(self, tx: LedgerTx, row: NoticeRow, reason: str) -> None:
        row.status = NoticeStatus.ATTENTION.value
        row.claimed_at, row.in_doubt = None, False
        row.last_error = reason[:240]
        row.updated_at = self.ledger.clock()
        tx.audit(self.actor, "notice.attention", row.id, kind=row.kind, channel=row.channel,
                 reason=reason[:200])
        self.last_error = reason

    # -- background loop ----------------------------------------------------
    def start(self) -> None:
        self._loop.start()

    def wake(self) -> None:
        self._loop.wake()

    def stop(self, timeout: float = 10) -> None:
        self._loop.stop(timeout)

    @property
    def running(self) -> bool:
        return self._loop.running

    def _one_pass(self) -> float:
        """Send what is due; sleep until the next notice is due (at most the interval)."""
        try:
            self.drain_once()
        except NoticeBusy as exc:
            self.last_error = str(exc)
        except Exception as exc:
            log.exception("notice pass failed")
            self.last_error = exc.__class__.__name__
        return self._pause()

    def _pause(self) -> float:
        try:
            with self.ledger.read() as session:
                due = next_due_at(session)
        except SQLAlchemyError:
            return self.interval_s
        if due is None:
            return self.interval_s
        until = (due - self.ledger.clock()).total_seconds()
        return min(self.interval_s, max(0.05, until))
