"""One CSV row of historical payments, validated into a :class:`HistoricPayment`.

Every problem is reported with its line and column, and the offending value
is never echoed when it could be sensitive (a card-like number).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.counter.textguard import looks_like_card_number
from kiosk.domain.money import Money, MoneyError

REQUIRED = ("external_id", "occurred_at", "patient_id", "display_name", "amount", "method")
OPTIONAL = ("currency", "channel", "status", "refunded_amount", "refunded_at", "card_brand",
            "card_last4", "auth_code", "processor_ref", "check_number", "terminal_id", "in_pms")
METHODS = ("card", "cash", "check", "phone")
CHANNELS = ("kiosk", "counter", "phone")
STATUSES = ("captured", "partly_refunded", "refunded", "voided")
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9._:/-]{1,64}$")
_MASKED = re.compile(r"^[^\s.]{1,40}( [^\s.]\.)?$")
_REF = re.compile(r"^[A-Za-z0-9._:/-]{0,128}$")
_TERMINAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
NAMESPACE = uuid.UUID("5b0c1d8e-34a4-4b59-9a51-6f3c0e0c2a77")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # the line in the file (the header is line 1)
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class HistoricPayment:
    line: int
    external_id: str
    payment_id: str  # derived from external_id, so a re-import finds it
    occurred_at: datetime
    patient_id: str
    display_name: str
    amount: Money
    method: str
    channel: str
    status: str
    refunded: Money
    refunded_at: datetime
    card_brand: str
    card_last4: str
    auth_code: str
    processor_ref: str
    check_number: str
    terminal_id: str
    in_pms: bool

    @property
    def refund_id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"refund:{self.external_id}"))


def payment_id_for(external_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"payment:{external_id}"))


def parse_row(line: int, raw: dict[str, str], currency: str, timezone: str,
              now: datetime) -> tuple[HistoricPayment | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(column: str, message: str) -> None:
        errors.append(RowError(line, column, message))

    value = {key: (raw.get(key) or "").strip() for key in (*REQUIRED, *OPTIONAL)}
    for column, text in value.items():
        if text and looks_like_card_number(text):
            fail(column, "looks like a card number; the row is refused (value not shown)")
    if errors:
        return None, errors
    for column in REQUIRED:
        if not value[column]:
            fail(column, "is required")
    if errors:
        return None, errors

    if not _EXTERNAL_ID.match(value["external_id"]):
        fail("external_id", "use 1-64 letters, digits or . _ : / -")
    zone = ZoneInfo(timezone)
    occurred = _time(value["occurred_at"], zone)
    if occurred is None:
        fail("occurred_at", "is not an ISO 8601 date and time (2026-03-14T09:30)")
    elif occurred > now:
        fail("occurred_at", "is in the future")
    if len(value["patient_id"]) > 64:
        fail("patient_id", "is longer than 64 characters")
    if not _MASKED.match(value["display_name"]):
        fail("display_name", "must be masked: a given name and an initial ('Maria G.')")
    row_currency = value["currency"].upper() or currency
    if row_currency != currency:
        fail("currency", f"must be {currency}, the clinic's currency")
    amount = _money(value["amount"], currency, "amount", fail)
    if amount is not None and amount.cents <= 0:
        fail("amount", "must be greater than zero")
    method = value["method"].lower()
    if method not in METHODS:
        fail("method", f"must be one of {', '.join(METHODS)}")
    channel = value["channel"].lower() or "counter"
    if channel not in CHANNELS:
        fail("channel", f"must be one of {', '.join(CHANNELS)}")
    status = value["status"].lower() or "captured"
    if status not in STATUSES:
        fail("status", f"must be one of {', '.join(STATUSES)}")
    refunded = _money(value["refunded_amount"] or "0", currency, "refunded_amount", fail)
    if amount is not None and refunded is not None and status in STATUSES:
        if status in ("refunded", "voided") and not value["refunded_amount"]:
            refunded = amount
        if status == "captured" and refunded.cents:
            fail("refunded_amount", "must be empty for a captured payment")
        elif status == "partly_refunded" and not 0 < refunded.cents < amount.cents:
            fail("refunded_amount", "must be between zero and the amount")
        elif status in ("refunded", "voided") and refunded != amount:
            fail("refunded_amount", "must equal the amount")
    refunded_at = _time(value["refunded_at"], zone) if value["refunded_at"] else occurred
    if refunded_at is None:
        fail("refunded_at", "is not an ISO 8601 date and time")
    elif occurred is not None and refunded_at < occurred:
        fail("refunded_at", "is before the payment")
    card = method in ("card", "phone")
    if value["card_last4"] and (not card or not re.fullmatch(r"\d{4}", value["card_last4"])):
        fail("card_last4", "is four digits, for card payments only")
    if value["card_brand"] and (not card or len(value["card_brand"]) > 24):
        fail("card_brand", "is at most 24 characters, for card payments only")
    if value["auth_code"] and (not card or not re.fullmatch(r"[A-Za-z0-9]{1,16}",
                                                            value["auth_code"])):
        fail("auth_code", "is 1-16 letters or digits, for card payments only")
    if not _REF.match(value["processor_ref"]):
        fail("processor_ref", "use at most 128 letters, digits or . _ : / -")
    if value["check_number"] and (method != "check"
                                  or not re.fullmatch(r"\d{1,10}", value["check_number"])):
        fail("check_number", "is 1-10 digits, for check payments only")
    terminal = value["terminal_id"] or "import"
    if not _TERMINAL.match(terminal):
        fail("terminal_id", "use up to 40 letters, digits, '.', '_' or '-'")
    in_pms = value["in_pms"].lower() or "yes"
    if in_pms not in ("yes", "no", "true", "false", "1", "0"):
        fail("in_pms", "is yes or no")
    if errors or occurred is None or amount is None or refunded is None \
            or refunded_at is None:
        return None, errors
    return HistoricPayment(
        line=line, external_id=value["external_id"],
        payment_id=payment_id_for(value["external_id"]), occurred_at=occurred,
        patient_id=value["patient_id"], display_name=value["display_name"], amount=amount,
        method=method, channel=channel, status=status, refunded=refunded,
        refunded_at=refunded_at, card_brand=value["card_brand"].lower(),
        card_last4=value["card_last4"], auth_code=value["auth_code"].upper(),
        processor_ref=value["processor_ref"], check_number=value["check_number"],
        terminal_id=terminal, in_pms=in_pms in ("yes", "true", "1"),
    ), []


def _time(text: str, zone: ZoneInfo) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _money(text: str, currency: str, column: str,
           fail: Callable[[str, str], None]) -> Money | None:
    try:
        return Money.parse(text, currency)
    except MoneyError as exc:
        fail(column, str(exc))
        return None
