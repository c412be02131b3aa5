"""``kiosk run --mode counter``: the receptionist's window (not locked down, not full-screen)."""

from __future__ import annotations

import os
import sys
from typing import Any

from kiosk.timing import process_age_s


def run_counter(config_path: str | None, smoke: bool = False) -> int:
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.runtime import KioskRuntime
    from ui.app import _quick_settings
    from ui.bridge import SessionBridge, SessionHandle
    from ui.counter.window import CounterWindow
    from ui.qt_messages import route_qt_messages
    from ui.startup import Startup, StartupResult, shut_down
    from ui.theme import apply_counter_theme

    clinic_name, demo = _quick_settings(config_path)
    parts: dict[str, Any] = {}
    # crash reports without patient details, Qt's messages to the redacting log (issue 9)
    runtime = KioskRuntime(config_path)
    runtime.install_crash_handling(lambda: _lock_after_crash(parts.get("session")))
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    route_qt_messages(runtime.reporter)
    apply_counter_theme(qt_app)  # type: ignore[arg-type]
    handle = SessionHandle()
    window = CounterWindow(handle, clinic_name, demo)
    from kiosk.counter.view import CounterScreen, CounterView

    window.show_view(CounterView(CounterScreen.STARTING, demo=demo, clinic_name=clinic_name))
    timings: dict[str, float] = {}
    exit_code = [0]
    startup = Startup(config_path, "counter")

    def started(result: StartupResult) -> None:
        if result.config_error or result.app is None:
            print(f"error: {result.config_error or result.detail}", file=sys.stderr)
            exit_code[0] = 2 if result.config_error else 1
            qt_app.quit()
            return
        from kiosk.counter.services import counter_for
        from kiosk.counter.session import CounterSession
        from kiosk.flow.jobs import ThreadJobRunner

        runner = ThreadJobRunner("counter")
        session = CounterSession(counter_for(result.app), runner)
        handle.target = session
        bridge = SessionBridge()
        bridge.changed.connect(window.show_view)
        bridge.attach(session)
        parts.update(app=result.app, runner=runner, session=session, bridge=bridge)
        runtime.counter_started(result.app.config, result.app.data_dir)
        ticker = QTimer(window)
        ticker.timeout.connect(session.tick)
        ticker.start(1_000)

        def poll_queue() -> None:
            if window.current is not None and window.current.screen is CounterScreen.QUEUE:
                session.refresh_queue()

        queue_timer = QTimer(window)
        queue_timer.timeout.connect(poll_queue)
        queue_timer.start(5_000)
        session.start()
        timings["ready_s"] = process_age_s()
        if smoke:
            QTimer.singleShot(0, qt_app.quit)

    startup.finished.connect(started)
    window.resize(1280, 800)
    window.show()
    def begin() -> None:
        timings.setdefault("first_paint_s", process_age_s())
        startup.begin()

    QTimer.singleShot(0, begin)
    qt_app.exec()
    shut_down(parts, runtime, timings, smoke)
    return exit_code[0]


def _lock_after_crash(session: Any) -> None:
    """After an uncaught exception the counter locks: the patient on screen is hidden and
    the same person signs in again to carry on. Not while a card payment is on the
    terminal, whose outcome must stay on screen."""
    from kiosk.counter.view import CounterScreen

    if session is not None and session.state.screen is not CounterScreen.PROCESSING:
        session.lock_now()
