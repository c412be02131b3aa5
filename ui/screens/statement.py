"""The statement: masked name, itemized lines, total due; amounts hidden until tapped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QWidget

from kiosk.domain.money import Money

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, StatementView, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button

HIDDEN = "••••"


def shown(amount: Money, visible: bool) -> str:
    return amount.format() if visible else HIDDEN


class StatementScreen(ScreenWidget):
    kind = Screen.STATEMENT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.greeting = self.title("")
        self.as_of = self.subtitle("")
        self.as_of.setObjectName("notice")
        self.table_holder = QScrollArea(self)
        self.table_holder.setObjectName("statement-scroll")
        self.table_holder.setWidgetResizable(True)
        self.table_holder.setFrameShape(QFrame.Shape.NoFrame)
        self.layout_.addWidget(self.table_holder, 1)
        self.totals = QLabel("", self)
        self.totals.setObjectName("totals")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.layout_.addWidget(self.totals)
        self.message = self.message_line()
        self.done = big_button(translate("Common", "Done"), session.finish, "quiet")
        self.toggle = big_button(translate("Statement", "Show amounts"), session.show_amounts,
                                 "secondary")
        self.pay = big_button(translate("Statement", "Pay now"), session.pay)
        self.action_row(self.done, self.toggle, self.pay)
        self._rendered: tuple[int, StatementView | None, bool] | None = None

    def show_state(self, state: ViewState) -> None:
        statement = state.statement
        if statement is None:
            self.greeting.clear()
            self.totals.clear()
            self.table_holder.setWidget(QWidget())
            self._rendered = None
            return
        self.greeting.setText(translate("Statement", "Hello, {name}").format(
            name=statement.display_name))
        if statement.from_cache:
            self.as_of.setText(translate("Statement", "Saved statement as of {when}. Payments "
                                                      "since then may not show yet.").format(
                when=statement.as_of.strftime("%b %d, %Y %H:%M")))
            self.as_of.setVisible(True)
        else:
            self.as_of.setVisible(False)
        key = (state.session, statement, state.amounts_visible)
        if key != self._rendered:
            self._rendered = key
            self.table_holder.setWidget(self._table(statement, state.amounts_visible))
        visible = state.amounts_visible
        rows = [
            (translate("Statement", "Already paid"), shown(statement.paid_before, visible)),
            (translate("Statement", "Total due"), shown(statement.total_due, visible)),
        ]
        self.totals.setText("<br>".join(f"{label}: <b>{value}</b>" for label, value in rows))
        self.toggle.setText(translate("Statement", "Hide amounts") if visible
                            else translate("Statement", "Show amounts"))
        payable = statement.payable.cents > 0 or state.copay_allowed
        self.pay.setEnabled(payable)
        self.pay.setText(translate("Statement", "Pay now") if statement.payable.cents > 0
                         else translate("Statement", "Pay a copay"))
        self.show_message(self.message, state)

    def _table(self, statement: StatementView, visible: bool) -> QWidget:
        table = QWidget()
        table.setObjectName("statement-table")
        grid = QGridLayout(table)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        headers = (translate("Statement", "Date"), translate("Statement", "Service"),
                   translate("Statement", "Charge"), translate("Statement", "Insurance paid"),
                   translate("Statement", "Adjusted"), translate("Statement", "You owe"))
        for column, text in enumerate(headers):
            label = QLabel(text)
            label.setObjectName("column-header")
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignRight if column >= 2
                               else Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(label, 0, column)
        for row, line in enumerate(statement.lines, start=1):
            cells = (line.date_of_service.strftime("%m/%d/%Y"), line.description,
                     shown(line.charge, visible), shown(line.insurance_paid, visible),
                     shown(line.adjustment, visible), shown(line.patient_responsibility, visible))
            for column, text in enumerate(cells):
                label = QLabel(text)
                label.setObjectName("cell")
                label.setWordWrap(column == 1)
                label.setAlignment((Qt.AlignmentFlag.AlignRight if column >= 2
                                    else Qt.AlignmentFlag.AlignLeft)
                                   | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(label, row, column)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(statement.lines) + 1, 1)
        return table
