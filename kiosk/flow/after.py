"""After paying: the receipt on paper, by email or by text message, then goodbye."""

from __future__ import annotations

from typing import Any

from kiosk.flow.core import SessionCore
from kiosk.flow.view import Screen
from kiosk.receipts import receipt_for, render_text

#: Characters an email address can have on the kiosk keyboard.
EMAIL_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@.-_+")
MAX_ADDRESS = 80


class ReceiptSteps(SessionCore):
    def to_receipt(self) -> None:
        self.touch()
        result = self.state.result
        if result is not None and result.approved:
            notices = self.services.notices
            channels = tuple(str(c) for c in notices.channels) if notices is not None else ()
            self._go(Screen.RECEIPT, receipt_preview="", print_ok=None,
                     notice_channels=channels)

    def print_receipt(self) -> None:
        self.touch()
        payment_id = self._payment_id
        if payment_id is None or self.state.busy:
            return
        services = self.services
        statement_code = self._statement_code
        labels = services.receipt_labels(self.state.prefs.language)

        def work() -> tuple[bool, str]:
            view = services.payments.view(payment_id)
            receipt = receipt_for(view, services.clinic.name, services.clinic.address,
                                  statement_code, services.clinic.portal_url, labels=labels)
            printed = services.printer.print_receipt(receipt)
            preview = render_text(receipt, services.clinic.timezone) \
                if services.printer.name == "simulated" else ""
            return printed.ok, preview

        def done(result: Any) -> None:
            if isinstance(result, tuple):
                self._go(Screen.RECEIPT, print_ok=result[0], receipt_preview=result[1],
                         message="" if result[0] else "printer_failed")
            else:
                self._go(Screen.RECEIPT, print_ok=False, message="printer_failed")

        self._job(work, done)

    # -- email and text message -------------------------------------------------
    def send_receipt(self, channel: str) -> None:
        """The patient chose email or text: type the address or number next."""
        self.touch()
        if channel in self.state.notice_channels and channel not in self.state.notices_sent:
            self._go(Screen.SEND_RECEIPT, notice_channel=channel, notice_typed="",
                     notice_masked="")

    def type_address(self, character: str) -> None:
        self.touch()
        typed = self.state.notice_typed
        allowed = EMAIL_CHARACTERS if self.state.notice_channel == "email" \
            else frozenset("0123456789")
        character = character.lower()
        if character in allowed and len(typed) < MAX_ADDRESS:
            self._set(notice_typed=typed + character, message="")

    def erase_address(self) -> None:
        self.touch()
        self._set(notice_typed=self.state.notice_typed[:-1], message="")

    def submit_address(self) -> None:
        """Check what was typed (no network, no record yet) and ask to confirm it."""
        self.touch()
        notices = self.services.notices
        state = self.state
        if notices is None or not state.notice_typed or state.busy:
            return

        def done(result: Any) -> None:
            if isinstance(result, str):
                self._go(Screen.CONFIRM_SEND, notice_masked=result)
            else:
                self._set(busy=False, message=getattr(result, "code", "address_invalid"))

        channel, typed = state.notice_channel, state.notice_typed
        self._job(lambda: notices.check_address(channel, typed), done)

    def confirm_send(self) -> None:
        """Queue the receipt durably; it is sent in the background and never twice."""
        self.touch()
        notices, payment_id = self.services.notices, self._payment_id
        state = self.state
        if notices is None or payment_id is None or state.busy:
            return
        channel, typed, language = state.notice_channel, state.notice_typed, state.prefs.language

        def done(result: Any) -> None:
            if isinstance(result, BaseException):
                self._go(Screen.SEND_RECEIPT, message=getattr(result, "code", "not_sent"))
                return
            # The typed address is dropped at once; only the outbox (encrypted) holds it.
            self._go(Screen.RECEIPT, notice_typed="", notice_masked="",
                     notices_sent=(*self.state.notices_sent, channel),
                     message=f"queued_{channel}")

        self._job(lambda: notices.queue_receipt(payment_id, channel, typed, language=language),
                  done)

    def no_receipt(self) -> None:
        self.touch()
        self._go(Screen.THANK_YOU, notice_typed="", notice_masked="")

    def finish(self) -> None:
        """Done: wipe and return to attract (from the thank-you or any message screen)."""
        if self.state.screen in (Screen.PROCESSING, Screen.PHONE):
            return
        self._abandon_payment("patient finished")  # a no-op for a payment that took money
        self._reset()
