"""Taking a payment: the tender form, the card terminal's progress, the result and receipt."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QWidget

from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.base import CounterPage, button, cents_of, money
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


class TenderPage(CounterPage):
    kind = CounterScreen.TENDER

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.heading(translate("Counter", "Take a payment"))
        self.methods = QButtonGroup(self)
        self.radio: dict[str, QRadioButton] = {}
        for method, label in (("card", translate("Counter", "Card (terminal)")),
                              ("cash", translate("Counter", "Cash")),
                              ("check", translate("Counter", "Check"))):
            radio = QRadioButton(label, self)
            radio.setObjectName(f"method-{method}")
            radio.toggled.connect(self._chooser(method))
            self.methods.addButton(radio)
            self.radio[method] = radio
        self.row(*self.radio.values())
        self.amount = QLineEdit(self)
        self.amount.setAccessibleName(translate("Counter", "Amount"))
        self.amount.setPlaceholderText(translate("Counter", "Amount"))
        self.amount.editingFinished.connect(self._amount)
        self.copay = QRadioButton(translate("Counter", "Copay for today's visit"), self)
        self.copay.setObjectName("kind-copay")
        self.copay.toggled.connect(lambda _on: self._amount())
        self.row(QLabel(translate("Counter", "Amount:")), self.amount, self.copay)
        self.given = QLineEdit(self)
        self.given.setAccessibleName(translate("Counter", "Cash given"))
        self.given.setPlaceholderText(translate("Counter", "Cash given"))
        self.given.editingFinished.connect(self._given)
        self.check = QLineEdit(self)
        self.check.setAccessibleName(translate("Counter", "Check number"))
        self.check.setPlaceholderText(translate("Counter", "Check number"))
        self.check.editingFinished.connect(
            lambda: self.session.set_check_number(self.check.text().strip()))
        self.cash_row = QLabel(translate("Counter", "Cash given:"))
        self.check_row = QLabel(translate("Counter", "Check number:"))
        self.row(self.cash_row, self.given, self.check_row, self.check)
        self.message = self.message_line()
        self.submit = button(translate("Counter", "Take payment"), self._submit, "primary",
                             "submit-tender")
        self.row(self.submit, button(translate("Counter", "Back"), self.session.new_patient,
                                     "quiet", "tender-back"))
        self.layout_.addStretch(1)

    def _chooser(self, method: str) -> Callable[[bool], None]:
        def choose(on: bool) -> None:
            if on:
                self.session.choose_method(method)

        return choose

    def _amount(self) -> None:
        cents = cents_of(self.amount.text())
        if cents is not None:
            self.session.set_amount(cents, "copay" if self.copay.isChecked() else "balance")

    def _given(self) -> None:
        cents = cents_of(self.given.text())
        if cents is not None:
            self.session.set_cash_given(cents)

    def _submit(self) -> None:
        self._amount()  # what is typed now, even without leaving the field
        if self.radio["cash"].isChecked():
            self._given()
        if self.radio["check"].isChecked():
            self.session.set_check_number(self.check.text().strip())
        self.session.submit_tender()

    def show_view(self, view: CounterView) -> None:
        form = view.tender
        radio = self.radio.get(form.method)
        if radio is not None and not radio.isChecked():
            radio.setChecked(True)
        if form.amount is not None and not self.amount.hasFocus():
            self.amount.setText(str(form.amount.to_decimal()))
        if form.tendered is not None and not self.given.hasFocus():
            self.given.setText(str(form.tendered.to_decimal()))
        if form.check_number and not self.check.hasFocus():
            self.check.setText(form.check_number)
        cash, check = form.method == "cash", form.method == "check"
        for widget in (self.given, self.cash_row):
            widget.setVisible(cash)
        for widget in (self.check, self.check_row):
            widget.setVisible(check)
        if view.statement is not None:
            self.title.setText(translate("Counter", "Take a payment from {name} (up to {max})")
                               .format(name=view.statement.display_name,
                                       max=money(view.statement.payable)))
        self.submit.setEnabled(not view.busy)
        self.show_message(self.message, view)


class ProcessingPage(CounterPage):
    kind = CounterScreen.PROCESSING

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading(translate("Counter", "Card on the terminal"))
        self.sale = self.note("")
        self.step = self.note("")
        self.step.setObjectName("counter-step")
        self.row(button(translate("Counter", "Cancel"), self.session.cancel_card, "danger",
                        "cancel-card"))
        self.layout_.addStretch(1)

    def show_view(self, view: CounterView) -> None:
        amount, statement = view.tender.amount, view.statement
        self.sale.setText(translate("Counter", "{amount} from {name}").format(
            amount=money(amount), name=statement.display_name)
            if amount is not None and statement is not None else "")
        self.step.setText({
            "present_card": translate("Counter", "Ask the patient to insert, tap or swipe."),
            "processing": translate("Counter", "Processing…"),
            "remove_card": translate("Counter", "The patient can remove the card."),
            "canceling": translate("Counter", "Canceling…"),
        }.get(view.progress, view.progress_text or translate("Counter", "Starting the sale…")))


class ResultPage(CounterPage):
    kind = CounterScreen.RESULT

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.heading("")
        self.change = QLabel("", self)  # what the receptionist hands back: big, first
        self.change.setObjectName("counter-change")
        self.layout_.addWidget(self.change)
        self.detail = self.note("")
        self.message = self.message_line()
        self.again = button(translate("Counter", "Try again"), self.session.submit_tender,
                            "primary", "try-again")
        self.print = button(translate("Counter", "Print receipt"), self.session.print_receipt,
                            "primary", "print-receipt")
        self.refund = button(translate("Counter", "Refund or void…"), self._refund, "quiet",
                             "refund-this")
        self.next = button(translate("Counter", "Next patient"), self.session.new_patient,
                           "secondary", "next-patient")
        self.row(self.again, self.print, self.refund, self.next)
        self.receipt = QLabel("", self)
        self.receipt.setObjectName("receipt-preview")
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.receipt, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addStretch(1)
        self._payment = ""

    def _refund(self) -> None:
        if self._payment:
            self.session.open_refund(self._payment)

    def show_view(self, view: CounterView) -> None:
        result = view.result
        if result is None:
            return
        self._payment = result.payment_id
        if result.approved:
            self.title.setText(translate("Counter", "Paid: {amount} by {method}").format(
                amount=money(result.amount), method=result.method))
            parts = [translate("Counter", "Reference {ref}").format(ref=result.payment_id)]
            self.change.setText(translate("Counter", "Change due: {change}").format(
                change=money(result.change_due)) if result.change_due is not None else "")
            if result.check_number:
                parts.append(translate("Counter", "Check {number}").format(
                    number=result.check_number))
            if result.card.last4:
                parts.append(f"{result.card.brand.upper()} ••••{result.card.last4}")
            self.detail.setText("   ".join(parts))
        else:
            self.title.setText(translate("Counter", "Not paid: {status}").format(
                status=result.status.value))
            self.detail.setText(result.staff_message)
            self.change.setText("")
        self.change.setVisible(bool(self.change.text()))
        self.again.setVisible(result.can_retry)
        self.print.setVisible(result.approved)
        self.refund.setVisible(result.approved)
        self.receipt.setText(view.receipt_text)
        self.receipt.setVisible(bool(view.receipt_text))
        self.show_message(self.message, view)
