"""The demo clinic as FHIR R4 resources, to seed the FHIR test server.

The same generator as the demo PMS, so a contract test can compare the two
adapters patient by patient. Mapping (the adapter reads it back, see
docs/pms-fhir.md): one Invoice per visit with a ChargeItem per line, one
ExplanationOfBenefit per insured visit, and the R5 Account.balance extension
only where the patient has paid something (so both balance paths are used).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from kiosk.pms.demo.generator import SERVICES, DemoPatient, generate_clinic
from kiosk.pms.fhir.resources import ACCOUNT_BALANCE_EXTENSION

STATEMENT_SYSTEM = "urn:clinicpay:test:statement-code"
SERVICE_SYSTEM = "urn:clinicpay:test:service"
ADJUDICATION = "http://terminology.hl7.org/CodeSystem/adjudication"
_SERVICE_CODES = {description: f"S{index + 1:02d}"
                  for index, (description, _low, _high) in enumerate(SERVICES)}


def _money(cents: int) -> dict[str, Any]:
    return {"value": Decimal(cents).scaleb(-2), "currency": "USD"}


def to_json(value: Any) -> str:
    """JSON with Decimal amounts written as JSON numbers (no float on the way)."""
    text = json.dumps(value, default=lambda d: f"@@{d}@@" if isinstance(d, Decimal) else d)
    return re.sub(r'"@@(-?[0-9.E+-]+)@@"', r"\1", text)


def _ref(kind: str, ident: str) -> dict[str, str]:
    return {"reference": f"{kind}/{ident}"}


def patient_resources(patient: DemoPatient) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{
        "resourceType": "Patient", "id": patient.id,
        "identifier": [
            {"system": STATEMENT_SYSTEM, "value": patient.statement_code},
            {"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203",
                                  "code": "MR"}]},
             "system": "urn:clinicpay:test:mrn", "value": patient.account_number},
        ],
        "name": [{"use": "official", "family": patient.family,
                  "given": patient.given.split()}],
        "birthDate": patient.birthdate.isoformat(),
        "address": [{"use": "home", "postalCode": patient.postal_code}],
        "telecom": [{"system": "phone", "value": patient.phone}],
    }]
    paid_something = bool(patient.payments)
    account: dict[str, Any] = {
        "resourceType": "Account", "id": f"acct-{patient.id}",
        "status": "inactive" if patient.account_closed else "active",
        "subject": [_ref("Patient", patient.id)], "name": "Patient account",
    }
    if paid_something:
        account["extension"] = [{"url": ACCOUNT_BALANCE_EXTENSION, "extension": [
            {"url": "aggregate", "valueCodeableConcept": {"coding": [{"code": "patient"}]}},
            {"url": "amount", "valueMoney": _money(patient.balance)},
        ]}]
    out.append(account)
    invoice_status = "balanced" if paid_something and patient.balance <= 0 else "issued"
    visits = defaultdict(list)
    for line in patient.lines:
        visits[line.date_of_service].append(line)
    for number, (day, lines) in enumerate(sorted(visits.items()), start=1):
        invoice_id = f"inv-{patient.id}-{number}"
        line_items, eob_items = [], []
        for sequence, line in enumerate(lines, start=1):
            coding = {"system": SERVICE_SYSTEM, "code": _SERVICE_CODES[line.description],
                      "display": line.description}
            out.append({
                "resourceType": "ChargeItem", "id": f"ci-{line.id}", "status": "billable",
                "code": {"coding": [coding], "text": line.description},
                "subject": _ref("Patient", patient.id),
                "occurrenceDateTime": day.isoformat(),
            })
            line_items.append({
                "sequence": sequence, "chargeItemReference": _ref("ChargeItem", f"ci-{line.id}"),
                "priceComponent": [{"type": "base", "amount": _money(line.charge)}],
            })
            if line.insurance_paid or line.adjustment:
                eob_items.append({
                    "sequence": sequence, "productOrService": {"coding": [coding]},
                    "servicedDate": day.isoformat(),
                    "adjudication": [
                        {"category": {"coding": [{"system": ADJUDICATION, "code": code}]},
                         "amount": _money(cents)}
                        for code, cents in (("submitted", line.charge),
                                            ("eligible", line.charge - line.adjustment),
                                            ("benefit", line.insurance_paid))],
                })
        out.append({
            "resourceType": "Invoice", "id": invoice_id, "status": invoice_status,
            "subject": _ref("Patient", patient.id), "date": day.isoformat(),
            "lineItem": line_items,
            "totalGross": _money(sum(line.charge for line in lines)),
            "totalNet": _money(sum(line.patient_responsibility for line in lines)),
        })
        if eob_items:
            out.append({
                "resourceType": "ExplanationOfBenefit", "id": f"eob-{invoice_id}",
                "status": "active",
                "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type",
                                     "code": "professional"}]},
                "use": "claim", "patient": _ref("Patient", patient.id),
                "created": day.isoformat(), "insurer": {"display": "Demo Health Plan"},
                "provider": {"display": "Test Clinic"}, "outcome": "complete",
                "insurance": [{"focal": True, "coverage": {"display": "Demo coverage"}}],
                "item": eob_items,
            })
    return out


def clinic_resources(seed: int = 20261127, patients: int = 320) -> list[dict[str, Any]]:
    return [r for patient in generate_clinic(seed, patients) for r in patient_resources(patient)]
