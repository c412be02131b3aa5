"""Page objects: tests read like a patient's actions on the real window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from kiosk.app import App
from kiosk.flow.jobs import ThreadJobRunner
from kiosk.flow.services import flow_for
from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen
from ui.bridge import SessionBridge
from ui.theme import apply_theme
from ui.window import KioskWindow, install_activity_filter


class KioskPage:
    def __init__(self, app: App, qtbot: Any, session: KioskSession, window: KioskWindow,
                 runner: ThreadJobRunner, bridge: SessionBridge) -> None:
        self.app = app
        self.qtbot = qtbot
        self.session = session
        self.window = window
        self.runner = runner
        self.bridge = bridge

    @classmethod
    def open(cls, app: App, qtbot: Any) -> KioskPage:
        qt = QApplication.instance()
        apply_theme(qt)  # type: ignore[arg-type]
        services, settings = flow_for(app)
        runner = ThreadJobRunner()
        session = KioskSession(services, settings, runner)
        window = KioskWindow(session, app.config.clinic.name, app.config.is_demo)
        qtbot.addWidget(window)
        window.build_screens()
        bridge = SessionBridge()
        bridge.changed.connect(window.show_state)
        bridge.attach(session)
        page = cls(app, qtbot, session, window, runner, bridge)
        page.activity = install_activity_filter(qt, session)  # type: ignore[arg-type]
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        session.ready()
        page.wait_for(Screen.ATTRACT)
        return page

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self.activity)  # type: ignore[union-attr]
        self.runner.idle(10)
        self.runner.close()

    # -- looking ------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        return self.window.current.screen if self.window.current else Screen.STARTING

    @property
    def shown(self) -> QWidget:
        return self.window.stack.currentWidget()

    def wait_for(self, screen: Screen, timeout_ms: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: self.screen is screen and not self.window.current.busy,
                             timeout=timeout_ms)

    def visible_text(self) -> str:
        """Every piece of text a patient could read on the window right now."""
        parts = []
        for widget in self.window.findChildren(QLabel) + self.window.findChildren(QPushButton):
            if widget.isVisible():
                parts.append(widget.text())
        return "\n".join(parts)

    def button(self, text: str) -> QPushButton:
        for button in self.shown.findChildren(QPushButton):
            if button.isVisible() and button.text().replace("✓ ", "") == text:
                return button
        visible = [b.text() for b in self.shown.findChildren(QPushButton) if b.isVisible()]
        raise AssertionError(f"no visible button {text!r} on {self.screen}: {visible}")

    # -- doing ----------------------------------------------------------------
    def tap(self, text: str) -> None:
        button = self.button(text)
        assert button.isEnabled(), f"{text!r} is disabled on {self.screen}"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def touch_to_start(self) -> KioskPage:
        self.tap("Touch to start")
        self.wait_for(Screen.NAME)
        return self

    def type_last_name(self, name: str) -> KioskPage:
        keyboard = self.shown.keyboard  # type: ignore[attr-defined]
        for letter in name.upper():
            self.qtbot.mouseClick(keyboard.keys[letter], Qt.MouseButton.LeftButton)
        self.tap("Continue")
        self.wait_for(Screen.BIRTHDATE)
        return self

    def enter_digits(self, digits: str) -> None:
        keypad = self.shown.keypad  # type: ignore[attr-defined]
        for digit in digits:
            key = keypad.keys[digit]
            assert key.isEnabled(), f"key {digit} is disabled"
            self.qtbot.mouseClick(key, Qt.MouseButton.LeftButton)

    def enter_birthdate(self, mmddyyyy: str, expect: Screen = Screen.STATEMENT) -> KioskPage:
        self.enter_digits(mmddyyyy)
        self.tap("Continue")
        self.wait_for(expect)
        return self

    def answer(self, digits: str, expect: Screen = Screen.STATEMENT) -> KioskPage:
        self.enter_digits(digits)
        self.tap("Continue")
        self.wait_for(expect)
        return self

    def pay_full_balance_by_card(self) -> KioskPage:
        self.tap("Pay now")
        self.wait_for(Screen.AMOUNT)
        full = self.shown.full  # type: ignore[attr-defined]
        self.qtbot.mouseClick(full, Qt.MouseButton.LeftButton)
        self.wait_for(Screen.METHOD)
        self.tap("Card on the terminal")
        self.wait_for(Screen.RESULT, timeout_ms=20_000)
        return self
