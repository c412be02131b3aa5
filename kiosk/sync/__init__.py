"""The outbox drain: tell the PMS, exactly once, about every posting."""

from kiosk.sync.backoff import Backoff
from kiosk.sync.worker import DrainReport, SyncBusy, SyncStatus, SyncWorker

__all__ = ["Backoff", "DrainReport", "SyncBusy", "SyncStatus", "SyncWorker"]
