"""Pay on your phone: a QR code for the payment page, a countdown, and cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button
from ui.widgets.qr import QrCode

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession


class PhoneScreen(ScreenWidget):
    kind = Screen.PHONE

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title("")
        self.hint = self.subtitle(translate("Phone", "Point your phone's camera at the code, "
                                                    "then pay on the page that opens."))
        self.code = QrCode(self)
        self.code.setAccessibleName(translate("Phone", "QR code for the payment page"))
        self.layout_.addWidget(self.code, 1)
        self.countdown = self.subtitle("")
        self.cancel = big_button(translate("Phone", "Cancel"), session.cancel_payment, "danger",
                                 name="cancel")
        self.action_row(self.cancel)

    def show_state(self, state: ViewState) -> None:
        amount = state.amount.format() if state.amount else ""
        self.heading.setText(translate("Phone", "Scan to pay {amount} on your phone").format(
            amount=amount))
        self.code.set_text(state.qr_url)
        self.code.setVisible(bool(state.qr_url))
        if not state.qr_url:
            self.countdown.setText(translate("Phone", "Preparing your payment page…"))
        elif state.progress == "canceling":
            self.countdown.setText(translate("Phone", "Canceling…"))
        else:
            minutes, seconds = divmod(state.phone_left_s, 60)
            self.countdown.setText(translate("Phone", "This code works for {time} more. Keep "
                                                      "this screen open until you have paid.")
                                   .format(time=f"{minutes}:{seconds:02d}"))
        self.cancel.setEnabled(bool(state.qr_url) and state.progress != "canceling")
