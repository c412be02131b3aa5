"""The running kiosk's own health round: checks, the status file, alerts to IT.

The front end calls :meth:`HealthMonitor.take_turn` from its timer and, when
a round is due, runs :meth:`HealthMonitor.run_once` on the session's job runner while
the kiosk rests on the attract or out-of-service screen: the terminal and
printer probes then never overlap a patient's sale or receipt (one device,
one worker). Qt-free; the GUI wiring is a few lines in ``ui/app.py``.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.health.alerts import AlertPolicy, DirectSender, OutboxSender, Sender, compose
from kiosk.health.checks import Check, app_checks
from kiosk.health.status import picture, problems, status_path, write_atomic

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.config.schema import Config

log = logging.getLogger(__name__)


class HealthMonitor:
    def __init__(self, config: Config, data_dir: Path,
                 checks: Callable[[], list[Check]], sender: Sender | None,
                 extra: Callable[[], dict[str, Any]] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        health = config.health
        self.config = config
        self.status_file = status_path(config, data_dir)
        self.policy = AlertPolicy(data_dir / "health-alerts.json",
                                  timedelta(seconds=health.alert_after_s),
                                  timedelta(hours=health.repeat_after_h),
                                  health.notify_recovery)
        self.checks = checks
        self.sender = sender
        self.extra = extra or (lambda: {})
        self.interval_s = float(health.check_interval_s)
        self._clock = clock
        self._now = now
        self._next = 0.0  # the first round runs as soon as the kiosk rests
        self.last: dict[str, Any] | None = None
        self.sent: list[str] = []  # alert kinds sent, for tests and the status file

    @classmethod
    def for_app(cls, app: App, extra: Callable[[], dict[str, Any]] | None = None
                ) -> HealthMonitor:
        to = app.config.health.it_email
        sender: Sender | None = OutboxSender(app, to) if to else None
        return cls(app.config, app.data_dir, lambda: app_checks(app), sender, extra)

    @classmethod
    def without_app(cls, config: Config, data_dir: Path, reason: Check,
                    notifier: Any = None) -> HealthMonitor:
        """The ledger could not be opened: report that, and email IT directly if possible."""
        to = config.health.it_email
        sender = DirectSender(notifier, to) if to and notifier is not None else None
        return cls(config, data_dir, lambda: [reason], sender)

    def take_turn(self) -> bool:
        """True (once per interval) when a round is due: the caller then runs :meth:`run_once`."""
        now = self._clock()
        if now < self._next:
            return False
        self._next = now + self.interval_s
        return True

    def run_once(self) -> dict[str, Any]:
        """One round: check, write the status file, tell IT if the policy says so."""
        now = self._now()
        try:
            checks = self.checks()
        except Exception as exc:  # a check that raises must not stop the next round
            log.exception("health checks failed")
            checks = [Check("health", False, True, f"checks failed: {exc.__class__.__name__}")]
        failing = problems(checks, self.config.health.alert_on)
        before = copy.deepcopy(self.policy.state)
        decision = self.policy.observe([c.name for c in failing], [c.name for c in checks],
                                       now)
        if decision is not None and self.sender is not None:
            kind, parts = decision
            alert = compose(kind, parts, checks, self.config,
                            dict(self.policy.state.failing_since) or before.failing_since,
                            self.status_file)
            try:
                sent = self.sender(alert)
            except Exception:
                log.exception("queueing the IT alert failed")
                sent = False
            if sent:
                self.sent.append(kind)
            else:  # try again next round
                self.policy.state.told, self.policy.state.told_at = before.told, before.told_at
        try:
            self.policy.save()
        except OSError as exc:
            log.warning("alert state not saved: %s", exc)
        state = self.policy.state
        body = picture(checks, self.config, "kiosk run", now, {
            "failing_since": {k: v.isoformat(timespec="seconds")
                              for k, v in state.failing_since.items()},
            "it_told": list(state.told),
            "it_told_at": state.told_at.isoformat(timespec="seconds") if state.told_at
            else None,
            "next_check_s": self.interval_s,
            **self.extra(),
        })
        try:
            write_atomic(self.status_file, body)
        except OSError as exc:
            log.warning("status file not written: %s", exc)
        self.last = body
        return body
