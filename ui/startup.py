"""Start-up behind the attract screen: config, ledger, reconciliation, device probes.

Runs on a plain thread (it imports SQLAlchemy and opens files and devices;
none of that may delay the first paint) and hands its result to the GUI
thread with a queued signal.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


@dataclass
class StartupResult:
    app: Any = None  # kiosk.app.App
    config_error: str = ""  # a bad config: print it and exit 2
    out_of_service: str = ""  # "database" | "terminal" | "startup"
    detail: str = ""


class Startup(QObject):
    finished = Signal(object)

    def __init__(self, config_path: str | None, mode: str | None) -> None:
        super().__init__()
        self.config_path = config_path
        self.mode = mode

    def begin(self) -> None:
        threading.Thread(target=self._run, name="kiosk-startup", daemon=True).start()

    def _run(self) -> None:
        self.finished.emit(self._start())
        _preload()


    def _start(self) -> StartupResult:
        from kiosk.config import ConfigError, load_config

        try:
            config = load_config(self.config_path)
        except ConfigError as exc:
            return StartupResult(config_error=str(exc))
        if self.mode and self.mode != config.channel:
            config = config.model_copy(update={"channel": self.mode})
        from kiosk.app import build_app
        from kiosk.ledger.database import LedgerError
        from kiosk.secrets import MissingSecret

        try:
            app = build_app(config)
        except MissingSecret as exc:
            return StartupResult(config_error=str(exc))
        except (LedgerError, OSError) as exc:
            log.error("the ledger could not be opened: %s", exc)
            return StartupResult(out_of_service="database", detail=str(exc))
        except Exception as exc:
            log.exception("start-up failed")
            return StartupResult(out_of_service="startup", detail=exc.__class__.__name__)
        try:
            app.reconcile()
        except Exception as exc:  # reconciliation retries at the next start; log for IT
            log.exception("reconciliation failed at start-up")
            return StartupResult(app=app, out_of_service="terminal",
                                 detail=f"reconciliation failed: {exc.__class__.__name__}")
        terminal = app.terminal.probe()
        printer = app.printer.probe()
        if not printer.ok:
            log.warning("printer: %s", printer.detail)
        app.sync.start()
        if app.notice_worker is not None:
            app.notice_worker.start()
        if not terminal.ok:
            return StartupResult(app=app, out_of_service="terminal", detail=terminal.detail)
        return StartupResult(app=app)


def _preload() -> None:
    """Libraries the core imports at first use (QR codes, address checks): loaded here,
    after the kiosk is ready, so the first patient who needs one does not wait."""
    for name in ("qrcode", "qrcode.constants", "email_validator", "phonenumbers"):
        try:
            __import__(name)
        except ImportError:  # a missing optional library shows up where it is used
            log.warning("could not preload %s", name)


def shut_down(parts: dict[str, Any], runtime: Any, timings: dict[str, float],
              smoke: bool) -> None:
    """After the event loop (kiosk and counter alike): the smoke figures as JSON, then the
    front end, the session's worker, the app and the runtime closed, in that order."""
    if smoke:
        import json

        from kiosk.timing import peak_rss_mb

        print(json.dumps({"first_paint_s": round(timings.get("first_paint_s", -1), 3),
                          "ready_s": round(timings.get("ready_s", -1), 3),
                          "peak_rss_mb": round(peak_rss_mb(), 1)}))
    for name in ("front", "runner", "app"):
        part = parts.get(name)
        if part is not None:
            part.close()
    runtime.close()
