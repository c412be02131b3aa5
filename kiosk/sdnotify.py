"""systemd's notify protocol: "ready", "still alive" (the watchdog) and a status line.

A datagram to ``$NOTIFY_SOCKET``, nothing more, so no library is needed.
Outside systemd (no ``$NOTIFY_SOCKET``) every call is a no-op that returns
False. The kiosk pings the watchdog from a timer on its GUI thread: when
that thread hangs, the pings stop and systemd restarts the service
(``WatchdogSec=`` in the unit).

Under ``cage`` the kiosk is cage's child, not the service's main process:
the unit says ``NotifyAccess=all``, and ``$WATCHDOG_PID`` (cage's pid) is
accepted when it is our parent's.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Mapping


def _address(environ: Mapping[str, str]) -> str | None:
    address = environ.get("NOTIFY_SOCKET", "")
    if not address or not (address.startswith("/") or address.startswith("@")):
        return None  # vsock:// addresses are for virtual machines, not a kiosk
    return "\0" + address[1:] if address.startswith("@") else address


def notify(state: str, environ: Mapping[str, str] | None = None) -> bool:
    """Send ``state`` (``READY=1``, ``WATCHDOG=1``, ``STATUS=...``); True if it was sent."""
    address = _address(os.environ if environ is None else environ)
    if address is None:
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.settimeout(1.0)
            sock.sendto(state.encode("utf-8"), address)
    except OSError:
        return False
    return True


def watchdog_interval_s(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds within which systemd wants a ping, or None when no watchdog is armed."""
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    if usec <= 0:
        return None
    pid = env.get("WATCHDOG_PID", "")
    if pid and pid not in (str(os.getpid()), str(os.getppid())):
        return None  # meant for another process of the service
    return usec / 1_000_000


class Watchdog:
    """Pings at half the interval systemd asked for; call :meth:`tick` often (GUI timer)."""

    def __init__(self, environ: Mapping[str, str] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._environ = os.environ if environ is None else environ
        self._clock = clock
        interval = watchdog_interval_s(self._environ)
        self.period_s = interval / 2 if interval else None
        self._last = float("-inf")
        self.pings = 0

    @property
    def armed(self) -> bool:
        return self.period_s is not None

    def tick(self) -> bool:
        """Ping if due; True when a ping was sent."""
        if self.period_s is None:
            return False
        now = self._clock()
        if now - self._last < self.period_s:
            return False
        self._last = now
        if notify("WATCHDOG=1", self._environ):
            self.pings += 1
            return True
        return False

    def ready(self, status: str = "") -> bool:
        state = "READY=1" + (f"\nSTATUS={status}" if status else "")
        return notify(state, self._environ)

    def status(self, text: str) -> bool:
        return notify(f"STATUS={text}", self._environ)
