"""Shared pieces of the counter screens: a page with a title, a message line, helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.counter.view import CounterScreen, CounterView
from kiosk.domain.money import Money, MoneyError
from ui.counter.texts import counter_message

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


def button(text: str, on_click: Callable[[], None], role: str = "secondary",
           name: str = "") -> QPushButton:
    widget = QPushButton(text)
    widget.setProperty("role", role)
    widget.setMinimumHeight(36)
    widget.setAutoDefault(False)
    widget.clicked.connect(lambda _checked=False: on_click())
    widget.setObjectName(name or text.lower().replace(" ", "-"))
    return widget


def cents_of(text: str, currency: str = "USD") -> int | None:
    """Staff type "12.34" or "$1,200"; None when it is not an amount."""
    try:
        return Money.parse(text or "0", currency).cents
    except MoneyError:
        return None


def clinic_time(value: object, timezone: str, fmt: str = "%H:%M:%S") -> str:
    """A ledger time (UTC) on the clinic's wall clock, the one the staff read."""
    if not isinstance(value, datetime):
        return "—"
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        return aware.astimezone(ZoneInfo(timezone)).strftime(fmt)
    except (ZoneInfoNotFoundError, ValueError):
        return aware.strftime(fmt + " UTC")


def money(amount: Money | Decimal | None) -> str:
    return amount.format() if isinstance(amount, Money) else ""


class CounterPage(QWidget):
    kind: CounterScreen

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName(f"counter-{self.kind.value}")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 16, 24, 16)
        self.layout_.setSpacing(10)

    def heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName("counter-title")
        self.layout_.addWidget(label)
        return label

    def note(self, text: str = "") -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        return label

    def message_line(self) -> QLabel:
        label = QLabel("", self)
        label.setObjectName("counter-message")
        label.setWordWrap(True)
        label.setVisible(False)
        self.layout_.addWidget(label)
        return label

    def row(self, *widgets: QWidget, stretch: bool = True) -> QHBoxLayout:
        layout = QHBoxLayout()
        for widget in widgets:
            layout.addWidget(widget)
        if stretch:
            layout.addStretch(1)
        self.layout_.addLayout(layout)
        return layout

    def table(self, headers: list[str], stretch: tuple[int, ...] | None = (-1,),
              amounts: tuple[int, ...] = ()) -> QTableWidget:
        """A read-only table.

        ``stretch``: the columns sharing the spare width, their text wrapped
        ((-1,): the last column; None: none, the spare width stays empty);
        ``amounts``: money columns, whose headings line up right like their values.
        """
        table = QTableWidget(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in amounts:
            item = table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.verticalHeader().setVisible(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch == (-1,):
            header.setStretchLastSection(True)
        elif stretch:
            for column in stretch:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            table.setWordWrap(True)
            table.verticalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
        table.setAccessibleName(", ".join(headers))
        self.layout_.addWidget(table, 1)
        return table

    @staticmethod
    def fill(table: QTableWidget, rows: list[list[Any]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, str) and value.startswith(("$", "-$")):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, c, item)

    @staticmethod
    def show_message(label: QLabel, view: CounterView) -> None:
        label.setVisible(bool(view.message))
        label.setText(counter_message(view) if view.message else "")

    def show_view(self, view: CounterView) -> None:
        raise NotImplementedError
