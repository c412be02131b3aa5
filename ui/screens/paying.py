"""Choosing what to pay and how: amount, another amount, method."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.domain.money import Money

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button
from ui.widgets.keypad import Keypad
from ui.widgets.qr import QrCode


class AmountScreen(ScreenWidget):
    kind = Screen.AMOUNT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title(translate("Amount", "How much would you like to pay?"))
        self.layout_.addStretch(1)
        self.full = big_button("", session.choose_full, name="pay-full")
        self.other = big_button(translate("Amount", "Pay another amount"), session.choose_other,
                                "secondary", name="pay-other")
        self.copay = big_button(translate("Amount", "Pay a copay for today's visit"),
                                session.choose_copay, "secondary", name="pay-copay")
        for button in (self.full, self.other, self.copay):
            self.layout_.addWidget(button)
        self.message = self.message_line()
        self.layout_.addStretch(1)
        self.action_row(big_button(translate("Common", "Back"), session.back, "quiet"))

    def show_state(self, state: ViewState) -> None:
        statement = state.statement
        payable = statement.payable if statement else Money(0)
        self.full.setText(translate("Amount", "Pay the full balance: {amount}").format(
            amount=payable.format()))
        self.full.setVisible(payable.cents > 0)
        self.other.setVisible(payable.cents > 0)
        self.copay.setVisible(state.copay_allowed)
        self.show_message(self.message, state)


class OtherAmountScreen(ScreenWidget):
    kind = Screen.OTHER_AMOUNT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title("")
        self.limit = self.subtitle("")
        self.entry = QLabel("", self)
        self.entry.setObjectName("entry")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setAccessibleName(translate("OtherAmount", "Amount"))
        self.layout_.addWidget(self.entry)
        self.message = self.message_line()
        self.keypad = Keypad(session.type_amount_digit, session.erase_amount_digit, self)
        self.layout_.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignHCenter)
        self.back = big_button(translate("Common", "Back"), session.back, "quiet")
        self.next = big_button(translate("Common", "Continue"), session.submit_other_amount)
        self.action_row(self.back, self.next)

    def show_state(self, state: ViewState) -> None:
        statement = state.statement
        currency = statement.total_due.currency if statement else "USD"
        typed = Money(int(state.other_amount or "0"), currency)
        self.entry.setText(typed.format())
        if statement is not None and state.amount_kind != "copay":
            self.heading.setText(translate("OtherAmount", "Enter the amount to pay"))
            self.limit.setText(translate("OtherAmount", "Up to {amount}").format(
                amount=statement.payable.format()))
        else:
            self.heading.setText(translate("OtherAmount", "Enter the copay for today's visit"))
            limit = state.max_copay.format() if state.max_copay else ""
            self.limit.setText(translate("OtherAmount", "Up to {amount}").format(amount=limit))
        self.next.setEnabled(typed.cents > 0)
        self.show_message(self.message, state)


class MethodScreen(ScreenWidget):
    kind = Screen.METHOD

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title("")
        self.layout_.addStretch(1)
        self.card = big_button(translate("Method", "Card on the terminal"),
                               lambda: session.choose_method("card"), name="method-card")
        self.card_hint = self.subtitle(translate("Method", "Insert, tap or swipe a card, or "
                                                           "tap your phone or watch."))
        self.layout_.addWidget(self.card)
        self.layout_.addWidget(self.card_hint)
        self.phone = big_button(translate("Method", "Pay on your phone"),
                                lambda: session.choose_method("phone"), "secondary",
                                name="method-phone")
        self.layout_.addWidget(self.phone)
        self.offline = self.subtitle("")
        self.offline.setObjectName("notice")
        self.portal = QrCode(self)
        self.portal.setAccessibleName(translate("Method", "QR code for the clinic's payment "
                                                          "website"))
        self.layout_.addWidget(self.portal, 1)
        self.message = self.message_line()
        self.layout_.addStretch(1)
        self.action_row(big_button(translate("Common", "Back"), session.back, "quiet"))

    def show_state(self, state: ViewState) -> None:
        amount = state.amount.format() if state.amount else ""
        self.heading.setText(translate("Method", "How would you like to pay {amount}?").format(
            amount=amount))
        self.card.setVisible("card" in state.methods)
        self.card_hint.setVisible("card" in state.methods)
        self.phone.setVisible("phone" in state.methods)
        self.card.setEnabled(not state.busy)
        self.offline.setVisible(not state.methods)
        if not state.methods:
            self.offline.setText(
                translate("Method", "Card payments are not available right now. You can pay "
                                    "on the clinic's website with this code, or at the front "
                                    "desk.") if state.portal_url else
                translate("Method", "Payments are not available here right now. Please pay "
                                    "at the front desk."))
        self.portal.set_text(state.portal_url if not state.methods else "")
        self.portal.setVisible(bool(state.portal_url) and not state.methods)
        self.show_message(self.message, state)
