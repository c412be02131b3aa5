"""Refunds and voids, with a supervisor's own sign-in to approve."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from kiosk.counter.refunds import REASONS, RefundKind, RefundStatus
from kiosk.counter.view import CounterScreen, CounterView, RefundForm
from ui.counter.base import CounterPage, button, cents_of, money
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


class RefundPage(CounterPage):
    kind = CounterScreen.REFUND

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Refund or void"))
        self.quote = self.note("")
        self.kind_box = QComboBox(self)
        self.kind_box.addItem(translate("Counter", "Refund"), "refund")
        self.kind_box.addItem(translate("Counter", "Void (same day, untouched)"), "void")
        self.kind_box.setAccessibleName(translate("Counter", "Refund or void"))
        self.kind_box.currentIndexChanged.connect(self._changed)
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName(translate("Counter", "Amount to refund"))
        self.amount.editingFinished.connect(self._changed)
        self.reason = QComboBox(self)
        for reason in REASONS:
            self.reason.addItem(reason.replace("_", " "), reason)
        self.reason.setAccessibleName(translate("Counter", "Reason"))
        self.reason.currentIndexChanged.connect(self._changed)
        self.row(self.kind_box, QLabel(translate("Counter", "Amount:")), self.amount,
                 QLabel(translate("Counter", "Reason:")), self.reason)
        self.supervisor = QLineEdit(self)
        self.supervisor.setPlaceholderText(translate("Counter", "Supervisor"))
        self.supervisor.setAccessibleName(translate("Counter", "Supervisor's user name"))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(translate("Counter", "Supervisor's password"))
        self.password.setAccessibleName(translate("Counter", "Supervisor's password"))
        self.password.setMinimumWidth(240)
        self.approve = button(translate("Counter", "Approve"), self._approve, "primary",
                              "approve-refund")
        self.row(self.supervisor, self.password, self.approve)
        self.message = self.message_line()
        self.outcome = self.note("")
        self.row(button(translate("Counter", "Done"), self.session.new_patient, "quiet",
                        "refund-done"))
        self.layout_.addStretch(1)

    def _changed(self) -> None:
        cents = cents_of(self.amount.text())
        self.session.set_refund(kind=self.kind_box.currentData(), cents=cents,
                                reason=self.reason.currentData())

    def _approve(self) -> None:
        self._changed()
        name, secret = self.supervisor.text().strip(), self.password.text()
        self.password.clear()
        self.session.approve_refund(name, secret)

    @staticmethod
    def _outcome(form: RefundForm) -> str:
        result = form.result
        assert result is not None
        if result.status is RefundStatus.DONE:
            text = translate("Counter", "Voided {amount} ({method}), approved by {who}.") \
                if result.kind is RefundKind.VOID else \
                translate("Counter", "Refunded {amount} ({method}), approved by {who}.")
        else:
            text = translate("Counter", "Refund {status}: {amount} ({method}), approved by "
                                        "{who}.")
        return text.format(amount=money(result.amount), method=result.method,
                           who=form.approver, status=result.status.value.replace("_", " "))

    def show_view(self, view: CounterView) -> None:
        form = view.refund
        if form is None:
            return
        quote = form.quote
        if quote is not None:
            self.quote.setText(translate("Counter", "Payment {ref}: {amount} by {method}, "
                                                    "{status}; refundable {left}.{why}").format(
                ref=quote.payment.id, amount=money(quote.payment.amount),
                method=quote.payment.method, status=quote.payment.status.value,
                left=money(quote.refundable),
                why=(" " + quote.why_not) if quote.why_not else ""))
        if form.amount is not None and not self.amount.hasFocus():
            self.amount.setText(str(form.amount.to_decimal()))
        result = form.result
        self.outcome.setText(self._outcome(form) if result is not None else "")
        self.approve.setEnabled(not view.busy and result is None)
        self.show_message(self.message, view)
