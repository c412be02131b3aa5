"""After sending: hand the address to the PMS (if the clinic asked for that), and forget.

By default an address is erased in the same commit that records the server's
acceptance. With ``notify.store_address_in_pms = true`` and a PMS adapter
that can store contacts (:class:`~kiosk.ports.contacts.ContactStore`), a
receipt's address is kept (still sealed) only until the PMS has it, then
erased; the PMS call is idempotent on the notice id. A PMS that refuses it
for good gets it erased anyway: keeping personal data because a third system
said no would be the worse failure.

Set-aside notices still holding an address lose it after the retention time.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from kiosk.crypto import DecryptionError
from kiosk.domain.notice import NoticeKind
from kiosk.ledger.database import Ledger
from kiosk.ledger.models import NoticeRow
from kiosk.notify.outbox import awaiting_handover, stale_attention
from kiosk.notify.sealing import Sealer
from kiosk.ports.contacts import ContactStore
from kiosk.ports.pms import PmsError, PmsRejected

if TYPE_CHECKING:
    from kiosk.notify.worker import NoticeDrainReport

log = logging.getLogger(__name__)


class Housekeeping:
    def __init__(self, ledger: Ledger, sealer: Sealer, actor: str,
                 contacts: ContactStore | None, retention: timedelta) -> None:
        self.ledger = ledger
        self.sealer = sealer
        self.actor = actor
        self.contacts = contacts
        self.retention = retention

    def wants(self, row: NoticeRow) -> bool:
        """Should this sent notice's address go to the PMS before it is erased?"""
        return self.contacts is not None and row.kind == NoticeKind.RECEIPT.value

    def run(self, report: NoticeDrainReport) -> None:
        if self.contacts is not None:
            self._hand_over(self.contacts, report)
        self._erase_stale(report)

    def _hand_over(self, contacts: ContactStore, report: NoticeDrainReport) -> None:
        with self.ledger.read() as session:
            rows = list(awaiting_handover(session, 100))
        for row in rows:
            outcome = "stored"
            try:
                to = self.sealer.open_notice(row.id, row.sealed).to if row.sealed else ""
                if to:
                    contacts.store_contact(row.patient_id, row.channel, to, row.id)
            except DecryptionError:
                outcome = "unreadable"
            except PmsRejected as exc:
                outcome = "refused"
                report.errors.append(f"PMS refused a contact: {exc}")
            except PmsError as exc:  # try again next pass; the address stays sealed
                report.errors.append(f"PMS unavailable for contacts: {exc}")
                return
            self._erase(row.id, "notice.handed_over", outcome=outcome)
            report.handed_over += int(outcome == "stored")

    def _erase_stale(self, report: NoticeDrainReport) -> None:
        cutoff = self.ledger.clock() - self.retention
        with self.ledger.read() as session:
            ids = [row.id for row in stale_attention(session, cutoff)]
        for notice_id in ids:
            self._erase(notice_id, "notice.address_erased",
                        note=f" (address erased after {self.retention.days} days)")
            report.erased += 1

    def _erase(self, notice_id: str, action: str, note: str = "", **detail: str) -> None:
        with self.ledger.transaction() as tx:
            row = tx.session.get(NoticeRow, notice_id)
            if row is None:
                return
            row.sealed, row.pms_handover = None, False
            if note:
                row.last_error = (row.last_error[:240 - len(note)] + note)
            row.updated_at = self.ledger.clock()
            tx.audit(self.actor, action, notice_id, **detail)
