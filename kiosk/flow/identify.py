"""Identifying the patient: name, birth date (or a scanned statement), one more answer."""

from __future__ import annotations

import logging
from typing import Any

from kiosk.domain.patient import Patient, PatientQuery
from kiosk.flow.core import SessionCore
from kiosk.flow.date_entry import DateEntry
from kiosk.flow.view import LineView, Screen, StatementView
from kiosk.lookup.service import LookupOutcome, LookupResult
from kiosk.ports.pms import PmsError

log = logging.getLogger(__name__)

NAME_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-")
MAX_NAME = 40


class IdentifySteps(SessionCore):
    def start(self) -> None:
        if self.state.screen is Screen.ATTRACT:
            self.touch()
            self._go(Screen.NAME)

    def scan_code(self, code: str) -> None:
        """A statement barcode was scanned: still ask for the date of birth."""
        if self.state.screen in (Screen.ATTRACT, Screen.NAME) and code.strip():
            self.touch()
            self._scanned_code = code.strip()
            self._go(Screen.BIRTHDATE, birthdate=DateEntry(today=self._today()))

    def type_letter(self, letter: str) -> None:
        self.touch()
        letter = letter.upper()
        name = self.state.typed_name
        if letter in NAME_CHARACTERS and len(name) < MAX_NAME and not (
                letter == " " and (not name or name.endswith(" "))):
            self._set(typed_name=name + letter, message="")

    def erase_letter(self) -> None:
        self.touch()
        self._set(typed_name=self.state.typed_name[:-1], message="")

    def submit_name(self) -> None:
        self.touch()
        if len(self.state.typed_name.strip(" '-")) < 2:
            self._set(message="name_too_short")
            return
        self._go(Screen.BIRTHDATE, birthdate=DateEntry(today=self._today()))

    def type_date_digit(self, digit: str) -> None:
        self.touch()
        self._set(birthdate=self.state.birthdate.type(digit), message="")

    def erase_date_digit(self) -> None:
        self.touch()
        self._set(birthdate=self.state.birthdate.back(), message="")

    def submit_birthdate(self) -> None:
        self.touch()
        birthdate = self.state.birthdate.value
        if birthdate is None or self.state.busy:
            self._set(message="date_incomplete")
            return
        if self._scanned_code:
            code = self._scanned_code
            self._job(lambda: self.services.lookup.find_by_statement_code(code, birthdate),
                      self._done_lookup)
            return
        query = PatientQuery(self.state.typed_name.strip(), birthdate)
        self._job(lambda: self.services.lookup.find(query), self._done_lookup)

    def type_answer_digit(self, digit: str) -> None:
        self.touch()
        limit = 5 if self.state.ask_for == "postal_code" else 4
        if digit.isdigit() and len(digit) == 1 and len(self.state.answer) < limit:
            self._set(answer=self.state.answer + digit, message="")

    def erase_answer_digit(self) -> None:
        self.touch()
        self._set(answer=self.state.answer[:-1], message="")

    def submit_answer(self) -> None:
        self.touch()
        state = self.state
        birthdate = state.birthdate.value
        needed = 5 if state.ask_for == "postal_code" else 4
        if len(state.answer) != needed or birthdate is None or state.busy:
            self._set(message="answer_incomplete")
            return
        answers = {**self._answers, state.ask_for: state.answer}
        self._answers = answers
        query = PatientQuery(state.typed_name.strip(), birthdate,
                             postal_code=answers.get("postal_code"),
                             phone_last4=answers.get("phone_last4"))
        self._job(lambda: self.services.lookup.find(query), self._done_lookup)

    def _done_lookup(self, result: Any) -> None:
        if isinstance(result, BaseException) or not isinstance(result, LookupResult):
            self._go(Screen.NOT_FOUND, message="pms_unavailable")
            return
        if result.outcome is LookupOutcome.MATCH and result.patient is not None:
            patient = result.patient
            self._patient = patient
            self._job(lambda: self._load_statement(patient), self._done_statement)
        elif result.outcome is LookupOutcome.NEED_MORE:
            self._go(Screen.MORE, ask_for=result.ask_for, answer="")
        elif result.outcome is LookupOutcome.COOLING_DOWN:
            self._go(Screen.NOT_FOUND, message="cooldown", retry_after_s=result.retry_after_s)
        elif result.outcome is LookupOutcome.UNAVAILABLE:
            self._go(Screen.NOT_FOUND, message="pms_unavailable")
        else:
            self._answers = {}
            self._go(Screen.NOT_FOUND, message="no_match")

    def _load_statement(self, patient: Patient) -> StatementView:
        statement = self.services.lookup.statement(patient)
        payable = self.services.payments.payable(patient.id, statement.total_due)
        self._statement_code = statement.statement_code
        return StatementView(
            display_name=patient.display_name,
            lines=tuple(LineView(line.date_of_service, line.description, line.charge,
                                 line.insurance_paid, line.adjustment,
                                 line.patient_responsibility) for line in statement.lines),
            paid_before=statement.total_paid, total_due=statement.total_due, payable=payable,
            as_of=statement.as_of, from_cache=statement.from_cache,
        )

    def _done_statement(self, result: Any) -> None:
        if isinstance(result, StatementView):
            self._answers = {}
            self._go(Screen.STATEMENT, statement=result, amounts_visible=False,
                     copay_allowed=self.settings.copay_allowed,
                     max_copay=self.settings.max_copay)
        else:  # a PmsError, or the ledger could not record the view: show nothing
            if not isinstance(result, PmsError):
                log.error("statement could not be shown: %s", result.__class__.__name__)
            self._patient = None
            self._go(Screen.NOT_FOUND, message="pms_unavailable")

    def show_amounts(self) -> None:
        self.touch()
        self._set(amounts_visible=not self.state.amounts_visible)
