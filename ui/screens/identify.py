"""Identifying the patient: last name, date of birth, one more question, or not found."""

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
from ui.widgets.keyboard import NameKeyboard
from ui.widgets.keypad import Keypad


def entry_label(parent: QWidget) -> QLabel:
    label = QLabel("", parent)
    label.setObjectName("entry")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMinimumHeight(72)
    return label


class NameScreen(ScreenWidget):
    kind = Screen.NAME

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title(translate("Name", "What is your last name?"))
        self.subtitle(translate("Name", "The name on your account. Accents are not needed."))
        self.entry = entry_label(self)
        self.entry.setAccessibleName(translate("Name", "Last name"))
        self.layout_.addWidget(self.entry)
        self.message = self.message_line()
        self.keyboard = NameKeyboard(session.type_letter, session.erase_letter, self)
        self.layout_.addWidget(self.keyboard, 1)
        self.back = big_button(translate("Common", "Back"), session.back, "quiet")
        self.next = big_button(translate("Common", "Continue"), session.submit_name)
        self.action_row(self.back, self.next)

    def show_state(self, state: ViewState) -> None:
        self.entry.setText(state.typed_name + "▏")
        self.next.setEnabled(len(state.typed_name.strip(" '-")) >= 2 and not state.busy)
        self.show_message(self.message, state)


class BirthdateScreen(ScreenWidget):
    kind = Screen.BIRTHDATE

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title(translate("Birthdate", "What is your date of birth?"))
        self.hint = self.subtitle("")
        self.entry = entry_label(self)
        self.entry.setAccessibleName(translate("Birthdate", "Date of birth"))
        self.layout_.addWidget(self.entry)
        self.message = self.message_line()
        self.keypad = Keypad(session.type_date_digit, session.erase_date_digit, self)
        self.layout_.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignHCenter)
        self.back = big_button(translate("Common", "Back"), session.back, "quiet")
        self.next = big_button(translate("Common", "Continue"), session.submit_birthdate)
        self.action_row(self.back, self.next)

    def show_state(self, state: ViewState) -> None:
        entry = state.birthdate
        self.entry.setText(entry.display())
        prompts = {
            "month": translate("Birthdate", "Month: two digits, for example 07 for July"),
            "day": translate("Birthdate", "Day: two digits"),
            "year": translate("Birthdate", "Year: four digits"),
            "": translate("Birthdate", "Press Continue"),
        }
        self.hint.setText(prompts[entry.field])
        self.keypad.allow(entry.allowed())
        self.keypad.erase.setEnabled(bool(entry.digits))
        self.next.setEnabled(entry.complete and not state.busy)
        self.next.setText(translate("Common", "Looking you up…") if state.busy
                          else translate("Common", "Continue"))
        self.show_message(self.message, state)


class MoreScreen(ScreenWidget):
    kind = Screen.MORE

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.heading = self.title("")
        self.subtitle(translate("More", "More than one account matches. One more question "
                                        "tells them apart."))
        self.entry = entry_label(self)
        self.layout_.addWidget(self.entry)
        self.message = self.message_line()
        self.keypad = Keypad(session.type_answer_digit, session.erase_answer_digit, self)
        self.layout_.addWidget(self.keypad, 1, Qt.AlignmentFlag.AlignHCenter)
        self.back = big_button(translate("Common", "Back"), session.back, "quiet")
        self.next = big_button(translate("Common", "Continue"), session.submit_answer)
        self.action_row(self.back, self.next)

    def show_state(self, state: ViewState) -> None:
        zip_code = state.ask_for == "postal_code"
        self.heading.setText(translate("More", "What is your ZIP code?") if zip_code else
                             translate("More", "What are the last four digits of your phone "
                                               "number?"))
        width = 5 if zip_code else 4
        self.entry.setText(" ".join(state.answer.ljust(width, "_")))
        self.entry.setAccessibleName(translate("More", "ZIP code") if zip_code
                                     else translate("More", "Phone, last four digits"))
        self.keypad.allow("0123456789" if len(state.answer) < width else "")
        self.next.setEnabled(len(state.answer) == width and not state.busy)
        self.show_message(self.message, state)


class NotFoundScreen(ScreenWidget):
    kind = Screen.NOT_FOUND

    def __init__(self, session: KioskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.layout_.addStretch(1)
        self.heading = self.title("")
        self.message = self.subtitle("")
        self.layout_.addStretch(1)
        self.again = big_button(translate("NotFound", "Try again"), session.back, "secondary")
        self.done = big_button(translate("Common", "Done"), session.finish)
        self.action_row(self.again, self.done)

    def show_state(self, state: ViewState) -> None:
        from ui.texts import message_text

        self.heading.setText(translate("NotFound", "We could not find your account")
                             if state.message != "pms_unavailable"
                             else translate("NotFound", "Account look-up is not available"))
        self.message.setText(message_text(state.message, state.retry_after_s))
        self.again.setVisible(state.message == "no_match")
