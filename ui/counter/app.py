"""``kiosk run --mode counter``: the receptionist's window (not locked down, not full-screen)."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from kiosk.timing import peak_rss_mb, process_age_s


def run_counter(config_path: str | None, smoke: bool = False) -> int:
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app import _quick_settings
    from ui.bridge import SessionBridge, SessionHandle
    from ui.counter.window import CounterWindow
    from ui.startup import Startup, StartupResult
    from ui.theme import apply_counter_theme

    clinic_name, demo = _quick_settings(config_path)
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_counter_theme(qt_app)  # type: ignore[arg-type]
    handle = SessionHandle()
    window = CounterWindow(handle, clinic_name, demo)
    from kiosk.counter.view import CounterScreen, CounterView

    window.show_view(CounterView(CounterScreen.STARTING, demo=demo, clinic_name=clinic_name))
    timings: dict[str, float] = {}
    parts: dict[str, Any] = {}
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
    if smoke:
        print(json.dumps({"first_paint_s": round(timings.get("first_paint_s", -1), 3),
                          "ready_s": round(timings.get("ready_s", -1), 3),
                          "peak_rss_mb": round(peak_rss_mb(), 1)}))
    if parts.get("runner") is not None:
        parts["runner"].close()
    if parts.get("app") is not None:
        parts["app"].close()
    return exit_code[0]
