"""Touch-first buttons: at least 44 px (WCAG 2.5.5 target size), styled by role."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

MIN_TARGET_PX = 44


def big_button(text: str, on_click: Callable[[], None], role: str = "primary",
               parent: QWidget | None = None, name: str = "") -> QPushButton:
    """``role``: primary (the main action), secondary, quiet (back/cancel), danger."""
    button = QPushButton(text, parent)
    button.setProperty("role", role)
    button.setMinimumHeight(max(MIN_TARGET_PX, 72 if role == "primary" else 60))
    button.setMinimumWidth(MIN_TARGET_PX * 3)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: on_click())
    if name:
        button.setObjectName(name)
    button.setAccessibleName(text.replace("&", ""))
    return button
