"""Our side of the demo PMS: decode and validate its answers like a remote server's."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kiosk.domain.money import Money, MoneyError
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.posting import Posting
from kiosk.domain.statement import LineItem, PriorPayment, Statement
from kiosk.names import family_name_matches
from kiosk.pms.demo.contacts import DemoContactBook
from kiosk.pms.demo.faults import FaultInjector, HttpLikeError, Refused
from kiosk.pms.demo.server import DemoPmsServer
from kiosk.pms.validate import check_statement
from kiosk.ports.contacts import PmsOptIn
from kiosk.ports.health import Health
from kiosk.ports.pms import (
    PmsBadResponse,
    PmsError,
    PmsRejected,
    PmsUnavailable,
    PostReceipt,
)

log = logging.getLogger(__name__)


class DemoPms:
    name = "demo"

    def __init__(self, path: Path, seed: int = 20261127, patients: int = 320,
                 fault: str = "none", fault_percent: int = 0, latency_ms: int = 0) -> None:
        self.faults = FaultInjector(fault, fault_percent, latency_ms)
        self.server = DemoPmsServer(path, seed, patients, self.faults)
        self.contacts = DemoContactBook(path, self.faults)

    # -- Pms port -----------------------------------------------------------
    def find_patients(self, query: PatientQuery) -> list[Patient]:
        body = self._call(self.server.search_patients, birthdate=query.birthdate.isoformat())
        candidates = [_patient(item) for item in _list(body, "patients")]
        matches = [p for p in candidates if p.birthdate == query.birthdate
                   and family_name_matches(query.family, p.family)]
        if query.postal_code:
            matches = [p for p in matches if p.postal_code[:5] == query.postal_code.strip()[:5]]
        if query.phone_last4:
            matches = [p for p in matches if p.phone_last4 == query.phone_last4.strip()]
        return matches

    def find_by_statement_code(self, code: str) -> Patient | None:
        cleaned = "".join(ch for ch in code.strip().upper() if ch.isalnum())
        if not cleaned:
            return None
        body = self._call(self.server.search_patients, statement_code=cleaned)
        found = [_patient(item) for item in _list(body, "patients")]
        return found[0] if len(found) == 1 else None

    def find_by_account(self, account_number: str) -> Patient | None:
        """The counter's search by account number (issue 8's optional AccountSearch)."""
        cleaned = account_number.strip().upper()
        if not cleaned:
            return None
        body = self._call(self.server.search_patients, account_number=cleaned)
        found = [_patient(item) for item in _list(body, "patients")]
        return found[0] if len(found) == 1 else None

    def statement(self, patient_id: str) -> Statement:
        body = self._call(self.server.get_statement, patient_id)
        return check_statement(_statement(body), datetime.now(UTC))

    def post(self, posting: Posting) -> PostReceipt:
        wire = {
            "posting_id": posting.id, "kind": posting.kind.value,
            "payment_id": posting.payment_id, "patient_id": posting.patient_id,
            "amount": posting.amount.cents, "currency": posting.amount.currency,
            "method": posting.method, "card_brand": posting.card_brand,
            "card_last4": posting.card_last4, "auth_code": posting.auth_code,
            "processor_ref": posting.processor_ref,
            "occurred_at": posting.occurred_at.isoformat(),
        }
        body = self._call(self.server.post, wire)
        if not isinstance(body, dict) or not isinstance(body.get("pms_ref"), str) \
                or not body["pms_ref"]:
            raise PmsBadResponse("posting answer has no record id")
        return PostReceipt(body["pms_ref"], bool(body.get("duplicate", False)))

    def health(self) -> Health:
        try:
            body = self._call(self.server.ping)
        except PmsError as exc:
            return Health.bad(f"demo PMS: {exc}")
        if not isinstance(body, dict) or body.get("status") != "ok":
            return Health.bad("demo PMS: unexpected answer to a health check")
        return Health.good(f"demo PMS with {body.get('patients')} patients")

    def close(self) -> None:
        return None

    # -- optional capabilities for notices (kiosk.ports.contacts) ------------
    def store_contact(self, patient_id: str, channel: str, address: str, key: str) -> None:
        self._call(self.contacts.store, {"patient_id": patient_id, "channel": channel,
                                         "address": address, "key": key})

    def reminder_optins(self) -> list[PmsOptIn]:
        found = []
        for item in _list(self._call(self.contacts.optins), "optins"):
            if not isinstance(item, dict):
                raise PmsBadResponse("an opt-in is not an object")
            try:
                given_at = datetime.fromisoformat(_text(item, "given_at", "opt-in"))
            except ValueError:
                raise PmsBadResponse("opt-in: given_at is not a time") from None
            found.append(PmsOptIn(_text(item, "patient_id", "opt-in"),
                                  _text(item, "channel", "opt-in"),
                                  _text(item, "address", "opt-in"),
                                  given_at if given_at.tzinfo else given_at.replace(tzinfo=UTC)))
        return found

    # -- transport ----------------------------------------------------------
    def _call(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            raw = request(*args, **kwargs)
        except Refused as exc:
            raise PmsUnavailable(f"demo PMS unreachable: {exc}") from None
        except HttpLikeError as exc:
            if exc.status in (400, 409, 422):
                raise PmsRejected(f"HTTP {exc.status}: {exc.reason}") from None
            if exc.status == 404:
                raise PmsRejected(f"HTTP 404: {exc.reason}") from None
            raise PmsUnavailable(f"HTTP {exc.status}: {exc.reason}") from None
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise PmsBadResponse("the PMS answered something that is not JSON") from None


def _list(body: Any, key: str) -> list[Any]:
    if not isinstance(body, dict) or not isinstance(body.get(key), list):
        raise PmsBadResponse(f"expected a list of {key} in the PMS answer")
    return list(body[key])


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str):
        raise PmsBadResponse(f"{where}: {key} is missing or not text")
    return value


def _cents(item: dict[str, Any], key: str, where: str, currency: str) -> Money:
    value = item.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise PmsBadResponse(f"{where}: {key} is not a whole number of cents")
    try:
        return Money(value, currency)
    except MoneyError as exc:
        raise PmsBadResponse(f"{where}: {key}: {exc}") from None


def _day(item: dict[str, Any], key: str, where: str) -> date:
    try:
        return date.fromisoformat(_text(item, key, where))
    except ValueError:
        raise PmsBadResponse(f"{where}: {key} is not a date") from None


def _patient(item: Any) -> Patient:
    if not isinstance(item, dict):
        raise PmsBadResponse("patient entry is not an object")
    where = "patient"
    return Patient(
        id=_text(item, "id", where), family=_text(item, "family", where),
        given=_text(item, "given", where), birthdate=_day(item, "birthdate", where),
        postal_code=_text(item, "postal_code", where), phone=_text(item, "phone", where),
        account_number=_text(item, "account_number", where),
    )


def _statement(body: Any) -> Statement:
    if not isinstance(body, dict):
        raise PmsBadResponse("statement is not an object")
    currency = _text(body, "currency", "statement")
    try:
        Money(0, currency)
    except MoneyError:
        raise PmsBadResponse(f"statement: unsupported currency {currency!r}") from None
    lines = []
    for index, item in enumerate(_list(body, "lines"), start=1):
        where = f"statement line {index}"
        if not isinstance(item, dict):
            raise PmsBadResponse(f"{where} is not an object")
        lines.append(LineItem(
            id=_text(item, "id", where), date_of_service=_day(item, "date_of_service", where),
            description=_text(item, "description", where),
            charge=_cents(item, "charge", where, currency),
            insurance_paid=_cents(item, "insurance_paid", where, currency),
            adjustment=_cents(item, "adjustment", where, currency),
            patient_responsibility=_cents(item, "patient_responsibility", where, currency),
        ))
    payments = []
    for index, item in enumerate(_list(body, "payments"), start=1):
        where = f"prior payment {index}"
        if not isinstance(item, dict):
            raise PmsBadResponse(f"{where} is not an object")
        payments.append(PriorPayment(_day(item, "date", where),
                                     _cents(item, "amount", where, currency),
                                     _text(item, "method", where)))
    try:
        as_of = datetime.fromisoformat(_text(body, "as_of", "statement"))
    except ValueError:
        raise PmsBadResponse("statement: as_of is not a time") from None
    return Statement(
        patient_id=_text(body, "patient_id", "statement"), lines=tuple(lines),
        payments=tuple(payments), total_due=_cents(body, "total_due", "statement", currency),
        as_of=as_of, statement_code=_text(body, "statement_code", "statement"),
    )
