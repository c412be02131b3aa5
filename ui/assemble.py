"""Putting the kiosk's front end together around a session (the app and the tests share it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.flow.session import KioskSession
from ui.a11y.keys import KeyNavigator
from ui.a11y.narrator import Narrator
from ui.bridge import SessionBridge
from ui.window import ActivityFilter, KioskWindow, install_activity_filter


@dataclass
class FrontEnd:
    window: KioskWindow
    bridge: SessionBridge
    narrator: Narrator
    keys: KeyNavigator
    activity: ActivityFilter
    speaker: Any

    def close(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.activity)
            app.removeEventFilter(self.keys)
        if self.speaker is not None:
            self.speaker.close()


def attach(window: KioskWindow, session: KioskSession, speaker: Any,
           accessibility: Any) -> FrontEnd:
    """Wire the window, the speech and the keys to a session. Call on the GUI thread."""
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
    bridge.attach(session)
    return FrontEnd(window, bridge, narrator, keys, activity, speaker)
