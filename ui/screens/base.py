"""What every screen shares: a title, a message line, a row of action buttons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState
from ui.texts import message_text


class ScreenWidget(QWidget):
    kind: Screen

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"screen-{self.kind.value}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(48, 24, 48, 32)
        self.layout_.setSpacing(18)

    def title(self, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("title")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.layout_.addWidget(label)
        return label

    def subtitle(self, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("subtitle")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.layout_.addWidget(label)
        return label

    def message_line(self) -> QLabel:
        label = QLabel("", self)
        label.setObjectName("message")
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        label.setVisible(False)
        self.layout_.addWidget(label)
        return label

    def action_row(self, *buttons: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(24)
        for button in buttons:
            row.addWidget(button)
        self.layout_.addLayout(row)
        return row

    @staticmethod
    def show_message(label: QLabel, state: ViewState) -> None:
        label.setVisible(bool(state.message))
        if state.message:
            label.setText(message_text(state.message, state.retry_after_s))
            tone = "ok" if state.message.startswith("queued_") else "problem"
            if label.property("tone") != tone:
                label.setProperty("tone", tone)
                label.style().unpolish(label)
                label.style().polish(label)

    def show_state(self, state: ViewState) -> None:
        raise NotImplementedError

    def wipe(self) -> None:
        """Forget the last patient: render this screen as it is with nobody at the kiosk."""
        self.show_state(ViewState(self.kind))

    def focus_default(self) -> None:
        """Put keyboard focus on the main action, or the first control if none is enabled."""
        for button in self.findChildren(QPushButton):
            if button.property("role") == "primary" and button.isVisibleTo(self) \
                    and button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.focusNextChild()
