"""Postings as FHIR: a PaymentReconciliation and a PaymentNotice per payment, in one transaction.

Idempotency: every create carries ``ifNoneExist`` with only the query part,
``identifier=<system>|<posting id>`` (the ``Type?identifier=`` form silently
creates duplicates on some servers). A resend after a lost answer finds the
record instead of adding one; the server answers ``200`` for it instead of
``201``, which is how :class:`~kiosk.ports.pms.PostReceipt.duplicate` is told.

Entry ids (``urn:uuid:``) are derived from the posting id, so the same posting
always makes the same Bundle entries.

Allocation: a payment is applied to the patient's oldest open invoice first
(by invoice date), each invoice taking at most its ``totalNet``, unless the
patient chose lines or invoices (``Posting.applied_to``), which then come
first in the order chosen. What is left over is posted unapplied (a detail
without a request), so the amount is never lost. A reversal takes the amount
back with a negative ``paymentAmount`` and has no PaymentNotice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from kiosk.domain.money import Money
from kiosk.domain.payment import PostingKind
from kiosk.domain.posting import Posting
from kiosk.pms.fhir.resources import invoice_due
from kiosk.ports.pms import PmsBadResponse, PostReceipt

PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/payment-type"
PAYMENT_STATUS = "http://terminology.hl7.org/CodeSystem/paymentstatus"
_NAMESPACE = uuid.UUID("6f1c3e52-9a53-4d8e-8d0a-6c3b1e0f4a21")


@dataclass(frozen=True)
class OpenInvoice:
    id: str
    due: Money


@dataclass(frozen=True)
class PostingPlan:
    """What one posting becomes: its entries and where they sit in the Bundle."""

    posting: Posting
    entries: list[dict[str, Any]]
    applied: list[tuple[str, Money]]  # (invoice id or "" for unapplied, amount)


def open_invoice_list(invoices: list[Any], currency: str) -> list[OpenInvoice]:
    return [OpenInvoice(inv.id or "", invoice_due(inv, currency)) for inv in invoices
            if inv.totalNet is not None]


def allocate(amount: Money, invoices: list[OpenInvoice],
             chosen: tuple[str, ...] = ()) -> list[tuple[str, Money]]:
    """(invoice id or "" for unapplied, amount) pairs that add up to ``amount``."""
    wanted = [c.split("/", 1)[0] for c in chosen]  # line ids are "<invoice>/<sequence>"
    order = [inv for w in dict.fromkeys(wanted) for inv in invoices if inv.id == w]
    order += [inv for inv in invoices if inv not in order]
    remaining = amount
    parts: list[tuple[str, Money]] = []
    for invoice in order:
        if remaining.cents <= 0:
            break
        if invoice.due.cents <= 0:
            continue
        take = invoice.due if invoice.due < remaining else remaining
        parts.append((invoice.id, take))
        remaining = remaining - take
    if remaining.cents > 0:
        parts.append(("", remaining))
    return parts


def _entry_uuid(posting_id: str, what: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{posting_id}:{what}')}"


def _amount(money: Money) -> dict[str, Any]:
    return {"value": money.to_decimal(), "currency": money.currency}


def plan(posting: Posting, invoices: list[OpenInvoice], system: str, clinic: str) -> PostingPlan:
    """The Bundle entries for one posting."""
    created = posting.occurred_at.astimezone(UTC).isoformat(timespec="seconds")
    paid_on = posting.occurred_at.astimezone(UTC).date().isoformat()
    identifier = [{"system": system, "value": posting.id}]
    condition = f"identifier={system}|{posting.id}"
    reversal = posting.kind is PostingKind.REVERSAL
    signed = -posting.amount if reversal else posting.amount
    if reversal:
        parts: list[tuple[str, Money]] = [("", signed)]
    else:
        parts = allocate(posting.amount, invoices, posting.applied_to)
    details = []
    for number, (invoice_id, part) in enumerate(parts, start=1):
        detail: dict[str, Any] = {
            "identifier": {"system": f"{system}/detail", "value": f"{posting.id}-{number}"},
            "type": {"coding": [{"system": PAYMENT_TYPE,
                                 "code": "adjustment" if reversal else "payment"}]},
            "submitter": {"reference": f"Patient/{posting.patient_id}"},
            "date": paid_on, "amount": _amount(part),
        }
        if invoice_id:
            detail["request"] = {"reference": f"Invoice/{invoice_id}"}
        if reversal:
            detail["predecessor"] = {"system": f"{system}/detail",
                                     "value": f"{posting.payment_id}-1"}
        details.append(detail)
    how = posting.method
    if posting.card_brand or posting.card_last4:
        how += f" {posting.card_brand} ending {posting.card_last4}".rstrip()
    if posting.auth_code:
        how += f", auth {posting.auth_code}"
    reconciliation: dict[str, Any] = {
        "resourceType": "PaymentReconciliation", "identifier": identifier,
        "status": "active", "created": created, "paymentDate": paid_on,
        "paymentAmount": _amount(signed), "outcome": "complete",
        "disposition": (f"{'Refund' if reversal else 'Payment'} at {posting.channel} "
                        f"{posting.terminal_id}: {how}")[:200],
        "detail": details,
    }
    if posting.processor_ref:
        reconciliation["paymentIdentifier"] = {"system": f"{system}/processor",
                                               "value": posting.processor_ref}
    reconciliation_url = _entry_uuid(posting.id, "reconciliation")
    entries = [{
        "fullUrl": reconciliation_url, "resource": reconciliation,
        "request": {"method": "POST", "url": "PaymentReconciliation", "ifNoneExist": condition},
    }]
    if not reversal:
        notice: dict[str, Any] = {
            "resourceType": "PaymentNotice", "identifier": identifier, "status": "active",
            "created": created, "payment": {"reference": reconciliation_url},
            "paymentDate": paid_on, "recipient": {"display": clinic[:80] or "Clinic"},
            "amount": _amount(posting.amount),
            "paymentStatus": {"coding": [{"system": PAYMENT_STATUS, "code": "paid"}]},
        }
        first_invoice = next((inv for inv, _ in parts if inv), "")
        if first_invoice:
            notice["request"] = {"reference": f"Invoice/{first_invoice}"}
        entries.append({
            "fullUrl": _entry_uuid(posting.id, "notice"), "resource": notice,
            "request": {"method": "POST", "url": "PaymentNotice", "ifNoneExist": condition},
        })
    return PostingPlan(posting, entries, [] if reversal else parts)


def after(invoices: list[OpenInvoice], applied: list[tuple[str, Money]]) -> list[OpenInvoice]:
    """What is still open on these invoices once ``applied`` is counted."""
    taken = dict(applied)
    return [OpenInvoice(inv.id, inv.due - taken[inv.id]) if inv.id in taken else inv
            for inv in invoices]


def transaction(plans: list[PostingPlan]) -> bytes:
    """One transaction Bundle for these postings, validated, as JSON bytes."""
    body = {"resourceType": "Bundle", "type": "transaction",
            "entry": [entry for p in plans for entry in p.entries]}
    try:
        bundle = Bundle.model_validate(body)
    except ValidationError as exc:  # our own bug: never send what FHIR would refuse
        raise ValueError(f"built an invalid transaction Bundle: {exc.errors()[0]}") from None
    return bundle.model_dump_json().encode()


def receipts(plans: list[PostingPlan], response: Any) -> list[PostReceipt]:
    """One receipt per posting from a transaction-response Bundle."""
    if not isinstance(response, dict) or response.get("resourceType") != "Bundle" \
            or response.get("type") != "transaction-response":
        raise PmsBadResponse("the answer to a transaction is not a transaction-response")
    entries = response.get("entry")
    wanted = sum(len(p.entries) for p in plans)
    if not isinstance(entries, list) or len(entries) != wanted:
        raise PmsBadResponse("the transaction-response does not answer every entry")
    result = []
    position = 0
    for posting_plan in plans:
        answers = entries[position:position + len(posting_plan.entries)]
        position += len(posting_plan.entries)
        statuses = []
        for answer in answers:
            response_part = answer.get("response") if isinstance(answer, dict) else None
            status = str((response_part or {}).get("status", "")).split(" ", 1)[0]
            if status not in ("200", "201"):
                raise PmsBadResponse(f"transaction entry answered status {status or 'none'}")
            statuses.append(status)
        first = answers[0].get("response") or {}
        resource = answers[0].get("resource") if isinstance(answers[0].get("resource"), dict) \
            else {}
        segments = str(first.get("location") or "").split("/")
        if "PaymentReconciliation" in segments[:-1]:  # relative or absolute, maybe _history
            ref = f"PaymentReconciliation/{segments[segments.index('PaymentReconciliation') + 1]}"
        else:
            ref = f"PaymentReconciliation/{resource['id']}" if resource.get("id") else ""
        if not ref:
            raise PmsBadResponse("transaction entry answered without a location")
        result.append(PostReceipt(ref, duplicate=statuses[0] == "200"))
    return result
