"""A receipt by email or text message: type the address or number, then confirm it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.screens.identify import entry_label
from ui.texts import translate
from ui.widgets.buttons import big_button
from ui.widgets.email_keyboard import EmailKeyboard
from ui.widgets.keypad import Keypad

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession


class SendReceiptScreen(ScreenWidget):
    kind = Screen.SEND_RECEIPT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title("")
        self.hint = self.subtitle("")
        self.entry = entry_label(self)
        self.layout_.addWidget(self.entry)
        self.message = self.message_line()
        self.keyboard = EmailKeyboard(session.type_address, session.erase_address, self)
        self.keypad = Keypad(session.type_address, session.erase_address, self)
        self.layout_.addWidget(self.keyboard, 1)
        self.layout_.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignHCenter)
        self.back = big_button(translate("Common", "Back"), session.back, "quiet")
        self.next = big_button(translate("Common", "Continue"), session.submit_address)
        self.action_row(self.back, self.next)

    def show_state(self, state: ViewState) -> None:
        email = state.notice_channel == "email"
        self.heading.setText(translate("Send", "What is your email address?") if email
                             else translate("Send", "What is your mobile number?"))
        self.hint.setText(translate("Send", "We use it only to send this receipt.") if email
                          else translate("Send", "Ten digits. We use it only to text this "
                                                 "receipt."))
        self.entry.setText(state.notice_typed + "▏")
        self.entry.setAccessibleName(translate("Send", "Email address") if email
                                     else translate("Send", "Mobile number"))
        self.keyboard.setVisible(email)
        self.keypad.setVisible(not email)
        self.keypad.allow("0123456789")
        self.next.setEnabled(bool(state.notice_typed) and not state.busy)
        self.show_message(self.message, state)


class ConfirmSendScreen(ScreenWidget):
    kind = Screen.CONFIRM_SEND

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.layout_.addStretch(1)
        self.heading = self.title("")
        self.address = self.title("")
        self.address.setObjectName("hero")
        self.detail = self.subtitle(translate("Send", "Your receipt shows the amount, the card "
                                                      "type and the last four digits. It shows "
                                                      "no medical details."))
        self.layout_.addStretch(1)
        self.change = big_button(translate("Send", "Change it"), session.back, "quiet")
        self.send = big_button(translate("Send", "Send"), session.confirm_send, name="send")
        self.action_row(self.change, self.send)

    def show_state(self, state: ViewState) -> None:
        self.heading.setText(translate("Send", "Send your receipt to:"))
        self.address.setText(state.notice_masked)
        self.send.setEnabled(not state.busy)
