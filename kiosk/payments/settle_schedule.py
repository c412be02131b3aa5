"""Asking about bank payments made on the phone, again and again, in a running kiosk.

A US bank payment (ACH) made on the phone page stays *pending* for days. Start-up
reconciliation asks about it, but a kiosk under systemd may run for weeks without a
restart, and a settled payment must reach the PMS the day it settles, not at the next
restart. The running kiosk therefore asks every ``phone.settle_every_min`` while it
rests, on the session's worker (so the question never meets a sale on the same device).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.payments.phone import PhonePayments

log = logging.getLogger(__name__)


class PendingSettler:
    def __init__(self, phone: PhonePayments, every_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._phone, self._every, self._clock = phone, every_s, clock
        self._next = clock() + every_s  # start-up reconciliation has just asked
        self._running = False

    def take_turn(self) -> bool:
        """True when a round is due and none is running; the caller then runs :meth:`run_once`."""
        now = self._clock()
        if self._running or now < self._next:
            return False
        self._running, self._next = True, now + self._every
        return True

    def run_once(self) -> dict[str, int]:
        try:
            moved = self._phone.settle_pending()
        finally:
            self._running = False
        for status, count in moved.items():
            log.info("pending phone payments settled: %d now %s", count, status)
        return moved
