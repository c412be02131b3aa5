"""``kiosk lookup``: find one patient and print the statement (staff and scripting tool)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING

from kiosk.app import build_app
from kiosk.cli.output import emit_json, statement_json, statement_text
from kiosk.domain.patient import PatientQuery
from kiosk.lookup.service import LookupOutcome
from kiosk.ports.pms import PmsError

if TYPE_CHECKING:
    from kiosk.config.schema import Config

_EXPLAIN = {
    LookupOutcome.NO_MATCH: "no single patient matches these details",
    LookupOutcome.COOLING_DOWN: "too many failed look-ups; try again in {wait} s",
    LookupOutcome.UNAVAILABLE: "the PMS is unavailable: {detail}",
}


def parse_birthdate(text: str) -> date:
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--birthdate {text!r} is not a real date in the form YYYY-MM-DD") \
            from None
    if not date(1900, 1, 1) <= value <= date.today():
        raise ValueError(f"--birthdate {text!r} is not a possible date of birth")
    return value


def run(args: argparse.Namespace, config: Config) -> int:
    try:
        birthdate = parse_birthdate(args.birthdate)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    phone = (args.phone_last4 or "").strip() or None
    if phone is not None and (len(phone) != 4 or not phone.isdigit()):
        print("error: --phone-last4 must be exactly four digits", file=sys.stderr)
        return 2
    app = build_app(config)
    try:
        query = PatientQuery(args.family, birthdate, args.postal_code, phone)
        result = app.lookup.find(query)
        if result.outcome is LookupOutcome.NEED_MORE:
            flag = "--zip" if result.ask_for == "postal_code" else "--phone-last4"
            print(f"several patients match; add {flag} to tell them apart", file=sys.stderr)
            return 1
        if result.outcome is not LookupOutcome.MATCH or result.patient is None:
            print(_EXPLAIN[result.outcome].format(wait=result.retry_after_s,
                                                  detail=result.staff_detail), file=sys.stderr)
            return 1
        patient = result.patient
        try:
            statement = app.lookup.statement(patient)
        except PmsError as exc:
            print(f"the PMS could not give the statement: {exc}", file=sys.stderr)
            return 1
        payable = app.payments.payable(patient.id, statement.total_due)
        if args.json:
            emit_json(statement_json(statement, patient.display_name, payable.cents))
        else:
            print(statement_text(statement, patient.display_name, payable.cents))
        return 0
    finally:
        app.close()
