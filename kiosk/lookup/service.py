"""Identify a patient, then (and only then) fetch and audit their statement.

Nothing about a patient is returned until exactly one record matches. A
failed look-up says nothing about why (no name, wrong birth date, several
matches without a tie-breaker): the screens show one kind, non-revealing
message.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import date

from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.statement import Statement
from kiosk.ledger.database import Ledger
from kiosk.lookup.cooldown import Cooldown
from kiosk.ports.pms import Pms, PmsError

log = logging.getLogger(__name__)


class LookupOutcome(enum.StrEnum):
    MATCH = "match"  # exactly one patient
    NEED_MORE = "need_more"  # several match: ask for ``ask_for`` and try again
    NO_MATCH = "no_match"  # nobody (or still several after every question)
    COOLING_DOWN = "cooling_down"  # too many failures on this kiosk; wait
    UNAVAILABLE = "unavailable"  # the PMS cannot be reached or answered nonsense


@dataclass(frozen=True)
class LookupResult:
    outcome: LookupOutcome
    patient: Patient | None = None
    ask_for: str = ""  # "postal_code" or "phone_last4" with NEED_MORE
    retry_after_s: int = 0
    staff_detail: str = ""


class LookupService:
    def __init__(self, pms: Pms, ledger: Ledger, cooldown: Cooldown, actor: str) -> None:
        self.pms = pms
        self.ledger = ledger
        self.cooldown = cooldown
        self.actor = actor

    def find(self, query: PatientQuery) -> LookupResult:
        waiting = self.cooldown.remaining_s()
        if waiting:
            return LookupResult(LookupOutcome.COOLING_DOWN, retry_after_s=int(waiting) + 1)
        try:
            matches = self.pms.find_patients(query)
        except PmsError as exc:
            log.warning("patient look-up failed: %s", exc)
            return LookupResult(LookupOutcome.UNAVAILABLE, staff_detail=str(exc))
        if len(matches) == 1:
            return LookupResult(LookupOutcome.MATCH, matches[0])
        if len(matches) > 1:
            if not query.postal_code:
                return LookupResult(LookupOutcome.NEED_MORE, ask_for="postal_code")
            if not query.phone_last4:
                return LookupResult(LookupOutcome.NEED_MORE, ask_for="phone_last4")
        return self._failed("lookup.no_match", candidates=len(matches))

    def find_by_statement_code(self, code: str, birthdate: date) -> LookupResult:
        """A scanned statement still needs the date of birth before anything is shown."""
        waiting = self.cooldown.remaining_s()
        if waiting:
            return LookupResult(LookupOutcome.COOLING_DOWN, retry_after_s=int(waiting) + 1)
        try:
            patient = self.pms.find_by_statement_code(code)
        except PmsError as exc:
            return LookupResult(LookupOutcome.UNAVAILABLE, staff_detail=str(exc))
        if patient is not None and patient.birthdate == birthdate:
            return LookupResult(LookupOutcome.MATCH, patient)
        return self._failed("lookup.code_no_match")

    def _failed(self, action: str, **detail: int) -> LookupResult:
        started = self.cooldown.record_failure()
        with self.ledger.transaction() as tx:
            tx.audit(self.actor, action, "", **detail)
            if started:
                tx.audit(self.actor, "lookup.cooldown",
                         seconds=int(self.cooldown.cooldown_s))
        if started:
            return LookupResult(LookupOutcome.COOLING_DOWN,
                                retry_after_s=int(self.cooldown.cooldown_s))
        return LookupResult(LookupOutcome.NO_MATCH)

    def statement(self, patient: Patient) -> Statement:
        """Fetch the statement and record, before returning it, that it was viewed."""
        statement = self.pms.statement(patient.id)
        with self.ledger.transaction() as tx:
            tx.audit(self.actor, "statement.viewed", patient.id,
                     from_cache=statement.from_cache)
        return statement
