"""A large numeric keypad whose keys can be switched off (impossible next digits)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.texts import translate


class Keypad(QWidget):
    def __init__(self, on_digit: Callable[[str], None], on_erase: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        layout = QGridLayout(self)
        layout.setSpacing(10)
        self.keys: dict[str, QPushButton] = {}
        positions = [("1", 0, 0), ("2", 0, 1), ("3", 0, 2), ("4", 1, 0), ("5", 1, 1),
                     ("6", 1, 2), ("7", 2, 0), ("8", 2, 1), ("9", 2, 2), ("0", 3, 1)]
        for digit, row, column in positions:
            key = self._key(digit, _bind(on_digit, digit))
            key.setAccessibleName(digit)
            self.keys[digit] = key
            layout.addWidget(key, row, column)
        erase = self._key("⌫", on_erase)
        erase.setObjectName("erase")
        erase.setAccessibleName(translate("Keypad", "Erase"))
        layout.addWidget(erase, 3, 2)
        self.erase = erase

    def _key(self, label: str, on_click: Callable[[], None]) -> QPushButton:
        key = QPushButton(label, self)
        key.setProperty("role", "key")
        key.setMinimumSize(88, 72)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        key.setAutoDefault(False)
        key.clicked.connect(lambda _checked=False: on_click())
        return key

    def allow(self, digits: Iterable[str]) -> None:
        allowed = set(digits)
        for digit, key in self.keys.items():
            key.setEnabled(digit in allowed)


def _bind(function: Callable[[str], None], value: str) -> Callable[[], None]:
    return lambda: function(value)
