"""What a running kiosk does for IT besides serving patients, in one Qt-free object.

``kiosk run`` (ui/app.py) creates a :class:`KioskRuntime` before the first
paint and calls it at three moments:

* at once: :meth:`install_crash_handling` (uncaught exceptions leave a
  report without patient details; the patient session goes back to the
  attract screen);
* when start-up has finished: :meth:`started` (the log file, the health
  monitor, ``READY=1`` to systemd);
* from the GUI thread's timer: :meth:`tick` (the watchdog ping, and a
  health round on the session's worker while the kiosk rests).
"""

from __future__ import annotations

import logging
import os
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.crash import CrashReporter, install
from kiosk.logs import safe
from kiosk.sdnotify import Watchdog, notify

if TYPE_CHECKING:
    from kiosk.app import App
    from kiosk.config.schema import Config
    from kiosk.flow.jobs import JobRunner
    from kiosk.health.monitor import HealthMonitor
    from kiosk.payments.settle_schedule import PendingSettler

log = logging.getLogger(__name__)


def _early_data_dir(config_path: str | None) -> Path:
    """The data folder before the config is validated (crash reports during start-up)."""
    override = os.environ.get("KIOSK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    try:
        from kiosk.config.load import resolve_config_path

        with resolve_config_path(config_path).open("rb") as handle:
            chosen = tomllib.load(handle).get("data_dir")
        if isinstance(chosen, str) and chosen:
            return Path(chosen).expanduser()
    except Exception:  # a bad config is reported by start-up; here we only guess a folder
        pass
    from platformdirs import user_data_dir

    return Path(user_data_dir("clinicpay-kiosk", appauthor=False))


class KioskRuntime:
    def __init__(self, config_path: str | None, environ: dict[str, str] | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        self.config_path = config_path
        self._clock = clock or time.monotonic  # for the pending-payment rounds
        self.reporter = CrashReporter(_early_data_dir(config_path) / "logs" / "crash")
        self.watchdog = Watchdog(environ)
        self.monitor: HealthMonitor | None = None
        self.settler: PendingSettler | None = None
        self._runner: JobRunner | None = None
        self._resting: Callable[[], bool] = lambda: True
        self._undo: Callable[[], None] | None = None
        self._round_running = False

    # -- crashes ------------------------------------------------------------------------------
    def install_crash_handling(self, on_crash: Callable[[], None] | None = None) -> None:
        self._undo = install(self.reporter, on_crash)

    # -- after start-up -------------------------------------------------------------------------
    def started(self, app: App | None, runner: JobRunner, resting: Callable[[], bool],
                extra: Callable[[], dict[str, Any]] | None = None,
                failure: tuple[str, str] | None = None) -> None:
        """Start-up finished: ``app`` is None when the ledger could not be opened
        (``failure`` = (part, detail))."""
        from kiosk.health.monitor import HealthMonitor

        self._runner, self._resting = runner, resting
        config = app.config if app is not None else self._config()
        if config is not None:
            data_dir = app.data_dir if app is not None else config.resolved_data_dir()
            self._use_config(config, data_dir)
            if app is not None:
                self.monitor = HealthMonitor.for_app(app, extra)
                if app.phone is not None:
                    from kiosk.payments.settle_schedule import PendingSettler

                    self.settler = PendingSettler(
                        app.phone, app.config.phone.settle_every_min * 60, self._clock)
            else:
                from kiosk.health.checks import Check

                part, detail = failure or ("database", "start-up failed")
                self.monitor = HealthMonitor.without_app(
                    config, data_dir, Check(part, False, True, detail),
                    _email_notifier(config, data_dir))
        status = "in service" if failure is None else f"out of service: {failure[0]}"
        if config is not None:
            _log_start(config, "kiosk", status)
        self.watchdog.ready(status)

    def _config(self) -> Config | None:
        from kiosk.config import ConfigError, load_config

        try:
            return load_config(self.config_path)
        except ConfigError:
            return None

    def counter_started(self, config: Config, data_dir: Path) -> None:
        """The counter's start-up finished: its log file and crash reports go to the data
        folder. No health monitor: the counter is a staffed desktop window, not an
        unattended kiosk, and its status is the person in front of it."""
        self._use_config(config, data_dir, "kiosk-counter")
        _log_start(config, "counter", "ready")
        self.watchdog.ready("counter ready")

    def _use_config(self, config: Config, data_dir: Path, log_name: str = "kiosk-run") -> None:
        from kiosk.crash import reporter_for
        from kiosk.logs import open_log_file

        chosen = reporter_for(config, data_dir)
        self.reporter.directory, self.reporter.keep = chosen.directory, chosen.keep
        self.reporter.mode, self.reporter.terminal_id = config.mode, config.terminal_id
        self.reporter.channel = config.channel
        try:
            open_log_file(data_dir, config.logs, log_name)
        except OSError as exc:
            log.warning("no log file: %s", exc)

    # -- every tick of the GUI timer ------------------------------------------------------------
    def tick(self) -> None:
        self.watchdog.tick()
        runner = self._runner
        if runner is None or not self._resting():
            return
        settler = self.settler
        if settler is not None and settler.take_turn():
            runner.submit(settler.run_once, _log_failure("asking about pending phone payments"))
        monitor = self.monitor
        if monitor is None or self._round_running or not monitor.take_turn():
            return
        self._round_running = True

        def done(_result: object) -> None:
            self._round_running = False

        runner.submit(monitor.run_once, done)

    def close(self) -> None:
        log.info("stopping")
        notify("STOPPING=1")
        from kiosk.logs import close_log_file

        close_log_file()
        if self._undo is not None:
            self._undo()
            self._undo = None


def _log_start(config: Config, front: str, status: str) -> None:
    """The first line IT looks for in a log file: what started, as what, in which state."""
    from kiosk import installed_version

    log.info("started: clinicpay-kiosk %s, %s, %s mode, terminal %s: %s",
             safe(installed_version()),
             safe(front), safe(config.mode), safe(config.terminal_id), safe(status))


def _log_failure(what: str) -> Callable[[object], None]:
    def done(result: object) -> None:
        if isinstance(result, Exception):  # asked again at the next round
            log.warning("%s failed: %s", safe(what), result)

    return done


def _email_notifier(config: Config, data_dir: Path) -> Any:
    """The configured email adapter, for alerts when there is no ledger (and no outbox)."""
    if not config.health.it_email:
        return None
    try:
        from kiosk.app import build_notifiers
        from kiosk.domain.notice import Channel
        from kiosk.secrets import SecretStore

        return build_notifiers(config, data_dir, SecretStore()).get(Channel.EMAIL)
    except Exception as exc:
        log.warning("no email adapter for IT alerts: %s", exc)
        return None
