"""After paying: the receipt (with an on-screen preview for the simulated printer) and thanks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button


class ReceiptScreen(ScreenWidget):
    kind = Screen.RECEIPT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title(translate("Receipt", "Would you like a receipt?"))
        self.preview = QLabel("", self)
        self.preview.setObjectName("receipt-preview")
        self.preview.setAccessibleName(translate("Receipt", "Receipt preview"))
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(self.preview, 1, Qt.AlignmentFlag.AlignHCenter)
        self.message = self.message_line()
        self.skip = big_button(translate("Receipt", "No receipt"), session.no_receipt,
                               "quiet", name="no-receipt")
        self.print = big_button(translate("Receipt", "Print receipt"), session.print_receipt,
                                name="print")
        self.done = big_button(translate("Common", "Done"), session.no_receipt, name="done")
        self.email = big_button(translate("Receipt", "Email receipt"),
                                lambda: session.send_receipt("email"), "secondary",
                                name="email")
        self.text = big_button(translate("Receipt", "Text receipt"),
                               lambda: session.send_receipt("sms"), "secondary", name="text")
        self.action_row(self.email, self.text)
        self.action_row(self.skip, self.print, self.done)

    def show_state(self, state: ViewState) -> None:
        printed = state.print_ok is not None or bool(state.notices_sent)
        self.heading.setText(translate("Receipt", "Here is your receipt") if state.print_ok
                             else translate("Receipt", "Would you like a receipt?"))
        self.email.setVisible("email" in state.notice_channels
                              and "email" not in state.notices_sent)
        self.text.setVisible("sms" in state.notice_channels and "sms" not in state.notices_sent)
        self.preview.setText(state.receipt_preview)
        self.preview.setVisible(bool(state.receipt_preview))
        self.print.setVisible(state.print_ok is None)
        self.print.setEnabled(not state.busy)
        self.skip.setVisible(not printed)
        self.done.setVisible(printed)
        self.show_message(self.message, state)


class ThankYouScreen(ScreenWidget):
    kind = Screen.THANK_YOU

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.layout_.addStretch(2)
        self.heading = self.title(translate("ThankYou", "Thank you!"))
        self.heading.setObjectName("hero")
        self.detail = self.subtitle("")
        self.layout_.addStretch(2)
        self.action_row(big_button(translate("Common", "Done"), session.finish, name="done"))

    def show_state(self, state: ViewState) -> None:
        if state.message == "taken_over":
            self.detail.setText(translate("ThankYou", "The front desk is helping you now. "
                                                      "Please go to the desk."))
        elif state.message == "no_payment":
            self.detail.setText(translate("ThankYou", "No payment was taken. Have a good day."))
        else:
            self.detail.setText(translate("ThankYou", "Have a good day."))
