"""Receipts and balance reminders by email and text message, through a durable outbox.

The screens and the CLI use :class:`NoticeService` (queue, opt in, look);
the :class:`NoticeWorker` sends, on its own thread, through the configured
:class:`~kiosk.ports.notifier.Notifier` adapters. ``docs/notices.md`` is the
contract.
"""

from kiosk.notify.address import AddressError
from kiosk.notify.content import ClinicInfo
from kiosk.notify.service import NoticeRefused, NoticeService
from kiosk.notify.worker import NoticeBusy, NoticeDrainReport, NoticeWorker

__all__ = ["AddressError", "ClinicInfo", "NoticeBusy", "NoticeDrainReport", "NoticeRefused",
           "NoticeService", "NoticeWorker"]
