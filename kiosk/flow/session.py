"""The patient session: every intent a kiosk screen can send, in one object.

The steps live in their own modules (identify, paying, after); this class
puts them together and knows where "back" goes.
"""

from __future__ import annotations

from kiosk.flow.after import ReceiptSteps
from kiosk.flow.core import RESTING, Listener, SessionCore
from kiosk.flow.identify import NAME_CHARACTERS, IdentifySteps
from kiosk.flow.paying import MAX_AMOUNT_DIGITS, PaySteps
from kiosk.flow.view import Screen

__all__ = ["BACK", "MAX_AMOUNT_DIGITS", "NAME_CHARACTERS", "RESTING", "KioskSession",
           "Listener"]

#: Where "back" goes from each screen.
BACK = {
    Screen.NAME: Screen.ATTRACT,
    Screen.BIRTHDATE: Screen.NAME,
    Screen.MORE: Screen.BIRTHDATE,
    Screen.NOT_FOUND: Screen.NAME,
    Screen.AMOUNT: Screen.STATEMENT,
    Screen.OTHER_AMOUNT: Screen.AMOUNT,
    Screen.METHOD: Screen.AMOUNT,
    Screen.SEND_RECEIPT: Screen.RECEIPT,
    Screen.CONFIRM_SEND: Screen.SEND_RECEIPT,
}


class KioskSession(IdentifySteps, PaySteps, ReceiptSteps, SessionCore):
    def back(self) -> None:
        self.touch()
        target = BACK.get(self.state.screen)
        if self.state.busy:
            return
        if target is Screen.ATTRACT or self.state.screen is Screen.STATEMENT:
            self.finish()
        elif target is not None:
            self._go(target)
