"""A guided tour of every kiosk screen with demo data.

Drives a real session (on an inline job runner, so each step is finished
when it returns) through every screen, calling ``visit(name)`` with the
window showing that screen. Used to render the screenshots in
docs/screenshots and by the accessibility tests that walk every screen.
Transient screens (processing, the phone QR, the idle warning) are shown
from the state the session would have at that moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.flow.session import KioskSession
from kiosk.flow.view import Screen
from ui.window import KioskWindow

Visit = Callable[[str], None]


def _type(action: Callable[[str], None], text: str) -> None:
    for character in text:
        action(character)


def tour(session: KioskSession, window: KioskWindow, visit: Visit,
         prefs: Callable[[], None] = lambda: None, portal_url: str = "") -> list[str]:
    """Visit every screen; ``prefs`` re-applies the patient's choices after each reset."""
    visited: list[str] = []
    app = QApplication.instance()

    def see(name: str, state: Any = None) -> None:
        if state is not None:
            window.show_state(state)
        if app is not None:
            for _ in range(3):  # deferred deletes and layout requests settle over passes
                app.processEvents()
        visit(name)
        visited.append(name)

    def identify(name: str, birthdate: str) -> None:
        session.start()
        _type(session.type_letter, name)
        session.submit_name()
        _type(session.type_date_digit, birthdate)
        session.submit_birthdate()

    see("starting", replace(session.state, screen=Screen.STARTING))
    session.ready()
    prefs()
    see("attract")
    session.start()
    _type(session.type_letter, "NUNEZ")
    see("name")
    session.submit_name()
    _type(session.type_date_digit, "0704")
    see("birthdate")
    _type(session.type_date_digit, "1972")
    session.submit_birthdate()
    see("statement-hidden")
    session.show_amounts()
    see("statement")
    session.pay()
    see("amount")
    session.choose_other()
    _type(session.type_amount_digit, "5000")
    see("other-amount")
    session.submit_other_amount()
    see("method")
    see("processing", replace(session.state, screen=Screen.PROCESSING, progress="present_card"))
    see("phone", replace(session.state, screen=Screen.PHONE, phone_left_s=587,
                         qr_url="https://pay.example.org/c/cs_demo_a1b2c3d4e5f6"))
    see("method-offline", replace(session.state, screen=Screen.METHOD, methods=(),
                                  offline=True, portal_url=portal_url))
    window.show_state(session.state)
    session.choose_method("card")
    see("approved")
    session.to_receipt()
    see("receipt-offer")
    if session.state.notice_channels:
        session.send_receipt("email")
        _type(session.type_address, "jose.nunez@example.org")
        see("send-receipt")
        session.submit_address()
        see("confirm-send")
        session.confirm_send()
    session.print_receipt()
    see("receipt-printed")
    session.no_receipt()
    see("thank-you")
    session.finish()
    prefs()
    identify("GARCIA", "03141985")
    see("more")
    session.type_answer_digit("6")
    see("idle-warning", replace(session.state, idle_warning_s=14))
    window.show_state(session.state)
    session.finish()
    prefs()
    identify("NOBODY", "01012000")
    see("not-found")
    session.finish()
    prefs()
    terminal: Any = session.services.payments.terminal
    script = getattr(terminal, "script", None)
    if script is not None:
        terminal.script = ("decline",)
        identify("OBRIEN", "11301990")
        session.pay()
        session.choose_full()
        session.choose_method("card")
        see("declined")
        terminal.script = script
        session.finish()
    session.out_of_service("terminal")
    prefs()
    see("out-of-service")
    return visited
