"""The whole flow by keys alone: a tactile keypad or a keyboard, no mouse or touch needed.

Arrows and Tab move the focus, Enter chooses, Back (Escape) goes back, Help
(F1) says where you are; letters and digits type into the current entry.
The help, audio, headphones, repeat, back and volume keys come from config.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from ui.screens.base import ScreenWidget

_NEXT = {Qt.Key.Key_Down, Qt.Key.Key_Right}
_PREVIOUS = {Qt.Key.Key_Up, Qt.Key.Key_Left}
_CHOOSE = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


def key_code(name: str) -> int:
    sequence = QKeySequence(name)
    if not sequence.count():
        return -1
    combined = sequence[0]  # type: ignore[index]
    return int(combined.key().value)


class KeyNavigator(QObject):
    def __init__(self, window: Any, session: Any, narrator: Any, keys: Any) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.narrator = narrator
        #: A keyboard-wedge statement scanner: it sees printable keys first.
        self.wedge: Any = None
        self._flush = QTimer(self)
        self._flush.timeout.connect(self._flush_wedge)
        self._flush.start(60)
        self.actions = {
            key_code(keys.key_help): narrator.help,
            key_code(keys.key_repeat): narrator.repeat,
            key_code(keys.key_audio): session.toggle_audio,
            key_code(keys.key_headphones): session.confirm_headphones,
            key_code(keys.key_back): self._back,
            key_code(keys.key_louder): lambda: narrator.adjust(louder=True),
            key_code(keys.key_quieter): lambda: narrator.adjust(louder=False),
        }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        return self.handle(event)

    def handle(self, event: QKeyEvent) -> bool:
        if self.wedge is not None and ((event.text().isprintable() and event.text())
                                       or event.key() in _CHOOSE):
            text = "\r" if event.key() in _CHOOSE else event.text()
            result = self.wedge.feed(text, time.monotonic())
            if result.action.value != "typed":
                return True  # held (maybe a scan in progress) or a finished scan
            self._replay(result.text, result.enter)
            return True
        return self._handle(event.key(), event.text())

    def _flush_wedge(self) -> None:
        if self.wedge is not None:
            result = self.wedge.flush(time.monotonic())
            if result.action.value == "typed":
                self._replay(result.text, result.enter)

    def _replay(self, text: str, enter: bool) -> None:
        """Keys the wedge held back because they might have been a scan: a person's after all."""
        for character in text:
            self._handle(Qt.Key.Key_unknown, character)
        if enter:
            self._handle(Qt.Key.Key_Return, "")

    def _handle(self, key: Any, text: str) -> bool:
        code = key.value if hasattr(key, "value") else int(key)
        if code in self.actions:
            self.actions[code]()
            return True
        if key in _NEXT:
            self.window.focusNextChild()
            return True
        if key in _PREVIOUS:
            self.window.focusPreviousChild()
            return True
        if key in _CHOOSE:
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton) and focused.isEnabled():
                focused.click()
            else:  # nothing chosen yet: show where Enter would go, without acting
                screen = self.window.stack.currentWidget()
                if isinstance(screen, ScreenWidget):
                    screen.focus_default()
            return True
        screen = self.window.stack.currentWidget()
        if isinstance(screen, ScreenWidget):
            if key == Qt.Key.Key_Backspace:
                return screen.on_erase()
            if text and text.isprintable() and screen.on_text(text):
                # Typed on a real keyboard: Enter should now mean "Continue", so move the
                # focus there once it is possible (an arrow-key user clicking the on-screen
                # keys with Enter never comes through here).
                screen.focus_default_if_ready()
                return True
        return False

    def _back(self) -> None:
        if self.window.current is not None and self.window.current.screen.value in (
                "processing", "phone"):
            self.session.cancel_payment()
        else:
            self.session.back()
