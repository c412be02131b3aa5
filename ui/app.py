"""``kiosk run``: paint the attract screen first, then start everything else behind it.

Measured here: a bare PySide6 window paints in about 0.23 s, while importing
SQLAlchemy's ORM and the payment stack costs about 0.55 s more, so the first
paint uses only Qt, tomllib and our own light modules; config validation, the
ledger, reconciliation and device probes run on a thread after it.
"""

from __future__ import annotations

import os
import sys
import tomllib
from typing import Any

from kiosk.timing import process_age_s


def _quick_channel(config_path: str | None) -> str:
    from kiosk.config.errors import ConfigError
    from kiosk.config.load import resolve_config_path

    try:
        with resolve_config_path(config_path).open("rb") as handle:
            return str(tomllib.load(handle).get("channel", "kiosk"))
    except (ConfigError, OSError, tomllib.TOMLDecodeError):
        return "kiosk"


def _quick_settings(config_path: str | None) -> tuple[str, bool]:
    """Clinic name and demo flag for the first paint (full validation comes right after)."""
    from kiosk.config.errors import ConfigError
    from kiosk.config.load import resolve_config_path

    try:
        with resolve_config_path(config_path).open("rb") as handle:
            raw = tomllib.load(handle)
    except (ConfigError, OSError, tomllib.TOMLDecodeError):
        return "", False
    clinic = raw.get("clinic", {})
    name = clinic.get("name", "") if isinstance(clinic, dict) else ""
    return str(name), raw.get("mode") == "demo"


def run(config_path: str | None, mode: str | None = None, windowed: bool = False,
        smoke: bool = False) -> int:
    if mode == "counter" or (mode is None and _quick_channel(config_path) == "counter"):
        from ui.counter.app import run_counter

        return run_counter(config_path, smoke)
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.bridge import SessionHandle
    from ui.theme import apply_theme
    from ui.window import KioskWindow

    clinic_name, demo = _quick_settings(config_path)
    # deployment (issue 9): crash reports, Qt's messages, log file, health, systemd watchdog
    from kiosk.runtime import KioskRuntime
    from ui.qt_messages import route_qt_messages

    runtime = KioskRuntime(config_path)
    runtime.install_crash_handling(lambda: _back_to_attract(parts.get("session")))
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    route_qt_messages(runtime.reporter)
    apply_theme(qt_app)  # type: ignore[arg-type]
    handle = SessionHandle()
    window = KioskWindow(handle, clinic_name, demo)
    from kiosk.flow.view import Screen, ViewState

    window.show_state(ViewState(Screen.STARTING, demo=demo, clinic_name=clinic_name))
    timings: dict[str, float] = {}
    exit_code = [0]
    parts: dict[str, Any] = {}

    def after_first_paint() -> None:
        if "first_paint_s" in timings:  # the paint came after the watchdog's stand-in
            return
        timings["first_paint_s"] = process_age_s()
        QTimer.singleShot(0, build_then_start)

    def build_then_start() -> None:
        # Build the other screens before the start-up thread begins importing: PySide6's
        # import hook can break a package that another thread is still initialising.
        window.build_screens()
        startup.begin()

    window.attract.on_first_paint.append(after_first_paint)
    # Never wait forever for a paint that a broken display might not deliver.
    def paint_watchdog() -> None:
        if "first_paint_s" not in timings:
            after_first_paint()

    QTimer.singleShot(2_000, paint_watchdog)

    from ui.startup import Startup, StartupResult, shut_down

    startup = Startup(config_path, mode)

    def started(result: StartupResult) -> None:
        if result.config_error:
            print(f"config error: {result.config_error}", file=sys.stderr)
            exit_code[0] = 2
            qt_app.quit()
            return
        from kiosk.flow.jobs import ThreadJobRunner
        from kiosk.flow.services import ClinicInfo, FlowServices, FlowSettings, flow_for
        from kiosk.flow.session import KioskSession
        from ui.assemble import attach
        from ui.receipt_labels import receipt_labels

        runner = ThreadJobRunner()
        speaker = None
        accessibility = None
        if result.app is not None:
            services, settings = flow_for(result.app)
            services.receipt_labels = receipt_labels
            config = result.app.config
            accessibility = config.accessibility
            if config.speech.kind != "none" and not smoke:
                from kiosk.app import build_speaker

                player: Any = None
                if config.speech.player == "qt":
                    from ui.a11y.player import QtPlayer

                    player = QtPlayer()
                speaker = build_speaker(config, player)
        else:  # no ledger: a session that can only say "out of service"
            from kiosk.config.schema import AccessibilityConfig

            accessibility = AccessibilityConfig()
            services = FlowServices(None, None, None,  # type: ignore[arg-type]
                                    ClinicInfo(clinic_name, "", "UTC", "", "USD"),
                                    health=_never_healthy, demo=demo)
            settings = FlowSettings()
        session = KioskSession(services, settings, runner)
        parts.update(app=result.app, runner=runner, session=session)
        handle.target = session
        locked = None
        if result.app is not None and not (windowed or smoke):
            from kiosk.admin import AdminGate
            from kiosk.secrets import SecretStore
            from ui.admin import actions_for

            def quit_kiosk() -> None:
                front = parts.get("front")
                if front is not None and front.lockdown is not None:
                    front.lockdown.allow_exit()
                qt_app.quit()

            gate = AdminGate.from_secrets(SecretStore(), result.app.config.is_demo,
                                          result.app.ledger, result.app.actor)
            locked = (gate, actions_for(result.app, quit_kiosk))
        scanner = result.app.scanner if result.app is not None else None
        parts["front"] = attach(window, session, speaker, accessibility, locked, scanner)
        ticker = QTimer(window)
        ticker.timeout.connect(session.tick)
        ticker.timeout.connect(runtime.tick)  # watchdog ping; health rounds while resting
        ticker.start(250)
        runtime.started(result.app, runner, lambda: _resting(session),
                        lambda: {"screen": session.state.screen.value,
                                 "in_service": session.state.screen.value != "out_of_service"},
                        (result.out_of_service, result.detail) if result.out_of_service
                        else None)
        if result.out_of_service:
            print(f"out of service: {result.out_of_service}: {result.detail}", file=sys.stderr)
            session.out_of_service(result.out_of_service)
        else:
            session.ready()
        timings["ready_s"] = process_age_s()
        # Everything built at start-up lives for good: keep it out of the collector's full
        # passes, which otherwise stall the event loop 65-100 ms now and then.
        import gc

        gc.collect()
        gc.freeze()
        if smoke:
            exit_code[0] = 1 if result.out_of_service else 0
            QTimer.singleShot(0, qt_app.quit)

    startup.finished.connect(started)
    if windowed or smoke:
        window.resize(1280, 800)
        window.show()
    else:
        window.go_full_screen()
    qt_app.exec()
    shut_down(parts, runtime, timings, smoke)
    return exit_code[0]


# -- deployment (issue 9) ----------------------------------------------------------------------
def _resting(session: Any) -> bool:
    """No patient on screen and no job running: health probes cannot meet a sale."""
    from kiosk.flow.core import RESTING

    state = session.state
    return state.screen in RESTING and not state.busy


def _back_to_attract(session: Any) -> None:
    """After an uncaught exception: cancel, wipe and show the attract screen again."""
    from kiosk.flow.core import RESTING

    if session is not None and session.state.screen not in RESTING:
        session.timeout()


def _never_healthy() -> Any:
    from kiosk.ports.health import Health

    return Health.bad("the ledger could not be opened")
