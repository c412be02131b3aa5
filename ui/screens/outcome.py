"""Paying and its outcome: processing (follows the terminal), then the result."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen, ViewState
from ui.screens.base import ScreenWidget
from ui.texts import translate
from ui.widgets.buttons import big_button


class ProcessingScreen(ScreenWidget):
    kind = Screen.PROCESSING

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.amount = self.title("")
        self.layout_.addStretch(1)
        self.step = self.title("")
        self.step.setObjectName("hero")
        self.detail = self.subtitle("")
        self.layout_.addStretch(1)
        self.cancel = big_button(translate("Processing", "Cancel payment"),
                                 session.cancel_payment, "danger", name="cancel")
        self.action_row(self.cancel)

    def show_state(self, state: ViewState) -> None:
        amount = state.amount.format() if state.amount else ""
        self.amount.setText(translate("Processing", "Paying {amount}").format(amount=amount))
        steps = {
            "": (translate("Processing", "Getting the card terminal ready…"), ""),
            "present_card": (translate("Processing", "Insert, tap or swipe your card"),
                             translate("Processing", "Use the card terminal next to this "
                                                     "screen.")),
            "processing": (translate("Processing", "Processing, please wait…"),
                           translate("Processing", "Please keep your card in the terminal.")),
            "remove_card": (translate("Processing", "Please remove your card"), ""),
            "canceling": (translate("Processing", "Canceling…"), ""),
            "message": (state.progress_text, ""),
        }
        step, detail = steps.get(state.progress, (state.progress_text, ""))
        self.step.setText(step)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.cancel.setEnabled(state.progress in ("", "present_card"))


class ResultScreen(ScreenWidget):
    kind = Screen.RESULT

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.layout_.addStretch(1)
        self.heading = self.title("")
        self.heading.setObjectName("hero")
        self.detail = self.subtitle("")
        self.layout_.addStretch(1)
        self.receipt = big_button(translate("Result", "Continue"), session.to_receipt,
                                  name="to-receipt")
        self.again = big_button(translate("Result", "Try again"), session.try_again,
                                name="try-again")
        self.other = big_button(translate("Result", "Pay another way"), session.other_method,
                                "secondary", name="other-method")
        self.stop = big_button(translate("Result", "Cancel"), session.give_up, "quiet",
                               name="give-up")
        self.done = big_button(translate("Common", "Done"), session.finish, name="done")
        self.action_row(self.stop, self.other, self.again, self.receipt, self.done)

    def show_state(self, state: ViewState) -> None:
        result = state.result
        if result is None:
            self.heading.clear()
            self.detail.clear()
            return
        self.setProperty("outcome", "approved" if result.approved else result.outcome)
        self.style().unpolish(self.heading)
        self.style().polish(self.heading)
        amount = result.amount.format()
        if result.approved:
            self.heading.setText("✓ " + translate("Result", "Payment approved"))
            card = f"{result.card_brand.upper()} ••••{result.card_last4}" \
                if result.card_last4 else ""
            self.detail.setText(translate("Result", "{amount} was paid with {card}.").format(
                amount=amount, card=card) if card else
                translate("Result", "{amount} was paid.").format(amount=amount))
        elif result.outcome == "declined":
            self.heading.setText(translate("Result", "Your card was declined"))
            self.detail.setText(translate("Result", "No money was taken. You can try again "
                                                    "or pay another way."))
        elif result.outcome == "canceled":
            self.heading.setText(translate("Result", "Payment canceled"))
            self.detail.setText(translate("Result", "No money was taken."))
        else:
            self.heading.setText(translate("Result", "We could not confirm your payment"))
            self.detail.setText(translate("Result", "Please see the front desk. You will not "
                                                    "be charged twice."))
        retry = result.can_retry
        self.receipt.setVisible(result.approved)
        self.again.setVisible(retry)
        self.other.setVisible(retry and len(state.methods) > 1)
        self.stop.setVisible(retry)
        self.done.setVisible(not result.approved and not retry)
