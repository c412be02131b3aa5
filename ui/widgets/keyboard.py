"""An on-screen keyboard for family names: letters, space, apostrophe, hyphen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.texts import translate
from ui.widgets.keypad import _bind

ROWS = ("QWERTYUIOP", "ASDFGHJKL'", "ZXCVBNM-")


class NameKeyboard(QWidget):
    def __init__(self, on_letter: Callable[[str], None], on_erase: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        grid = QGridLayout(self)
        grid.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        for row, letters in enumerate(ROWS):
            for column, letter in enumerate(letters):
                key = self._key(letter, _bind(on_letter, letter))
                key.setAccessibleName(letter)
                self.keys[letter] = key
                grid.addWidget(key, row, column)
        erase = self._key("⌫", on_erase)
        erase.setObjectName("erase")
        erase.setAccessibleName(translate("Keyboard", "Erase"))
        grid.addWidget(erase, 2, len(ROWS[2]), 1, 10 - len(ROWS[2]))
        self.erase = erase
        space = self._key(translate("Keyboard", "space"), lambda: on_letter(" "))
        space.setAccessibleName(translate("Keyboard", "Space"))
        self.keys[" "] = space
        grid.addWidget(space, 3, 2, 1, 6)

    def _key(self, label: str, on_click: Callable[[], None]) -> QPushButton:
        key = QPushButton(label, self)
        key.setProperty("role", "key")
        key.setMinimumSize(56, 64)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        key.setAutoDefault(False)
        key.clicked.connect(lambda _checked=False: on_click())
        return key
