"""The whole flow by keys alone: a tactile keypad or a keyboard, no mouse or touch needed.

Arrows and Tab move the focus, Enter chooses, Back (Escape) goes back, Help
(F1) says where you are; letters and digits type into the current entry.
The help, audio, headphones, repeat, back and volume keys come from config.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
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
        key = event.key()
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
            text = event.text()
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
