"""An on-screen keyboard for email addresses: letters, digits and @ . - _ +."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from ui.texts import translate
from ui.widgets.keypad import _bind

ROWS = ("1234567890", "qwertyuiop", "asdfghjkl@", "zxcvbnm.-_")


class EmailKeyboard(QWidget):
    def __init__(self, on_character: Callable[[str], None], on_erase: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        grid = QGridLayout(self)
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        for row, characters in enumerate(ROWS):
            for column, character in enumerate(characters):
                key = self._key(character, _bind(on_character, character))
                key.setAccessibleName(character)
                self.keys[character] = key
                grid.addWidget(key, row, column)
        plus = self._key("+", _bind(on_character, "+"))
        self.keys["+"] = plus
        grid.addWidget(plus, 4, 0)
        def type_dot_com() -> None:
            for character in ".com":
                on_character(character)

        dot_com = self._key(".com", type_dot_com)
        dot_com.setAccessibleName(".com")
        grid.addWidget(dot_com, 4, 1, 1, 2)
        erase = self._key("⌫", on_erase)
        erase.setObjectName("erase")
        erase.setAccessibleName(translate("Keyboard", "Erase"))
        grid.addWidget(erase, 4, 7, 1, 3)

    def _key(self, label: str, on_click: Callable[[], object]) -> QPushButton:
        key = QPushButton(label, self)
        key.setProperty("role", "key")
        key.setMinimumSize(48, 48)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        key.setAutoDefault(False)
        key.clicked.connect(lambda _checked=False: on_click())
        return key
