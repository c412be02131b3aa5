"""Putting the kiosk's front end together around a session (the app and the tests share it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk.admin import AdminGate
from kiosk.flow.session import KioskSession
from kiosk.ports.scanner import ScanEvent
from ui.a11y.keys import KeyNavigator
from ui.a11y.narrator import Narrator
from ui.admin import AdminActions, Lockdown
from ui.bridge import SessionBridge
from ui.window import ActivityFilter, KioskWindow, install_activity_filter


class ScanRelay(QObject):
    """A scan from the scanner's thread, handed to the GUI thread and then the session."""

    scanned = Signal(str)

    def __init__(self, session: KioskSession) -> None:
        super().__init__()
        self.scanned.connect(session.scan_code)

    def __call__(self, event: ScanEvent) -> None:
        self.scanned.emit(event.code)


@dataclass
class FrontEnd:
    window: KioskWindow
    bridge: SessionBridge
    narrator: Narrator
    keys: KeyNavigator
    activity: ActivityFilter
    speaker: Any
    lockdown: Lockdown | None = None
    scanner: Any = None
    relay: ScanRelay | None = None

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.activity)
            app.removeEventFilter(self.keys)
            if self.lockdown is not None:
                app.removeEventFilter(self.lockdown)
        if self.scanner is not None:
            self.scanner.stop()
        if self.speaker is not None:
            self.speaker.close()


def attach(window: KioskWindow, session: KioskSession, speaker: Any,
           accessibility: Any, lockdown: tuple[AdminGate, AdminActions] | None = None,
           scanner: Any = None) -> FrontEnd:
    """Wire the window, speech, keys, lockdown and scanner to a session (GUI thread)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.session = session
    window.speech_available = speaker is not None
    narrator = Narrator(speaker, window)
    window.narrator = narrator
    bridge = SessionBridge()
    bridge.changed.connect(window.show_state)  # first render, then narrate what is shown
    bridge.changed.connect(narrator.on_state)
    keys = KeyNavigator(window, session, narrator, accessibility)
    app.installEventFilter(keys)
    activity = install_activity_filter(app, session)
    locked = None
    if lockdown is not None:
        gate, actions = lockdown
        locked = Lockdown(window, gate, actions, on_admin=session.timeout)
        window.lockdown = locked
        app.installEventFilter(locked)  # installed last, so it sees keys first
    relay = None
    if scanner is not None:
        relay = ScanRelay(session)
        scanner.start(relay)
        if hasattr(scanner, "feed"):
            keys.wedge = scanner  # a keyboard-wedge scanner reads the key stream
    bridge.attach(session)
    return FrontEnd(window, bridge, narrator, keys, activity, speaker, locked, scanner, relay)
