"""The staff way out of a locked-down kiosk: a hidden gesture, then the admin PIN.

The PIN is the ``admin_pin`` secret (environment, systemd credential or
keyring; never the config file). In demo mode only, an unset PIN is
``2468`` so a demo can be driven; in production an unset PIN means no staff
exit from the screen at all (IT restarts the service instead). Wrong PINs
lock the gate for a while; every attempt is audited, never the PIN itself.
"""

from __future__ import annotations

import enum
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.ledger.database import Ledger
from kiosk.secrets import SecretStore

ADMIN_PIN_SECRET = "admin_pin"
DEMO_PIN = "2468"


class GateOutcome(enum.StrEnum):
    OPEN = "open"
    WRONG = "wrong"
    LOCKED = "locked"  # too many wrong PINs: wait
    DISABLED = "disabled"  # no PIN configured in production


@dataclass(frozen=True)
class GateResult:
    outcome: GateOutcome
    retry_after_s: int = 0


class AdminGate:
    def __init__(self, pin: str | None, ledger: Ledger | None, actor: str,
                 max_failures: int = 5, lockout_s: int = 300,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._pin = pin
        self._ledger = ledger
        self._actor = actor
        self._max_failures = max_failures
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def from_secrets(cls, store: SecretStore, demo: bool, ledger: Ledger | None,
                     actor: str) -> AdminGate:
        pin = (store.without_keyring() if demo else store).get(ADMIN_PIN_SECRET)
        return cls(pin or (DEMO_PIN if demo else None), ledger, actor)

    @property
    def enabled(self) -> bool:
        return bool(self._pin)

    def check(self, typed: str) -> GateResult:
        with self._lock:
            if not self._pin:
                return GateResult(GateOutcome.DISABLED)
            now = self._clock()
            if now < self._locked_until:
                return GateResult(GateOutcome.LOCKED, int(self._locked_until - now) + 1)
            if hmac.compare_digest(typed.encode(), self._pin.encode()):
                self._failures = 0
                self._audit("admin.opened")
                return GateResult(GateOutcome.OPEN)
            self._failures += 1
            if self._failures >= self._max_failures:
                self._failures = 0
                self._locked_until = now + self._lockout_s
                self._audit("admin.locked", seconds=self._lockout_s)
                return GateResult(GateOutcome.LOCKED, self._lockout_s)
            self._audit("admin.wrong_pin")
            return GateResult(GateOutcome.WRONG)

    def record(self, action: str) -> None:
        """Audit what staff did from the admin screen (e.g. "admin.exit")."""
        self._audit(action)

    def _audit(self, action: str, **detail: int) -> None:
        if self._ledger is None:
            return
        with self._ledger.transaction() as tx:
            tx.audit(self._actor, action, "", **detail)
