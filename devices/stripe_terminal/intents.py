"""PaymentIntents: finding ours again, and reading what a receipt may show.

Every PaymentIntent the kiosk creates carries our payment id in its
metadata, so one can always be found again without its id (a crash between
creating it and storing its id). Stripe's search is eventually consistent
(an object can take up to a minute to become searchable), so a search that
finds nothing is followed by a scan of the recent PaymentIntent list, which
is read-after-write consistent.
"""

from __future__ import annotations

import time

import stripe

from kiosk.domain.payment import CardDetails
from kiosk.ports.terminal import SaleOutcome, SaleResult

METADATA_PAYMENT_ID = "kiosk_payment_id"
METADATA_METHOD = "kiosk_method"
METADATA_TERMINAL = "kiosk_terminal"
#: How far back the list scan looks for a PaymentIntent by metadata.
LOOKBACK_S = 3 * 24 * 3600
_SCAN_PAGES = 5

APPROVED_STATUSES = ("requires_capture", "succeeded")
REUSABLE_STATUSES = ("requires_payment_method", "requires_confirmation")


def card_details(intent: stripe.PaymentIntent) -> CardDetails:
    """Brand, last four and authorisation code from the expanded latest charge; nothing else."""
    charge = intent.latest_charge
    if not isinstance(charge, stripe.Charge) or charge.payment_method_details is None:
        return CardDetails()
    details = charge.payment_method_details
    brand, last4, auth = "", "", ""
    # Stripe sends only the hash of the method used (``type``); the others are absent.
    kind = details.type
    if kind == "card_present" and getattr(details, "card_present", None) is not None:
        present = details.card_present
        assert present is not None
        brand, last4 = present.brand or "", present.last4 or ""
        receipt = getattr(present, "receipt", None)
        auth = (getattr(receipt, "authorization_code", None) or "") if receipt else ""
    elif kind == "card" and getattr(details, "card", None) is not None:
        card = details.card
        assert card is not None
        brand, last4 = card.brand or "", card.last4 or ""
        auth = getattr(card, "authorization_code", None) or ""
    elif kind == "us_bank_account" and getattr(details, "us_bank_account", None) is not None:
        bank = details.us_bank_account
        assert bank is not None
        brand, last4 = (bank.bank_name or "bank account"), bank.last4 or ""
    if not (len(last4) == 4 and last4.isdigit()):
        last4 = ""
    return CardDetails(brand[:24], last4, auth[:16])


def approved(intent: stripe.PaymentIntent, how: str) -> SaleResult:
    return SaleResult(SaleOutcome.APPROVED, card=card_details(intent), processor_ref=intent.id,
                      staff_message=f"approved: PaymentIntent {intent.id} is {intent.status} "
                                    f"({how})")


def decline_code(intent: stripe.PaymentIntent) -> str:
    error = intent.last_payment_error
    if error is None:
        return ""
    return str(error.decline_code or error.code or "")


def settled_outcome(intent: stripe.PaymentIntent) -> SaleResult:
    """What a PaymentIntent's status says when no reader action is running for it."""
    status = intent.status
    if status in APPROVED_STATUSES:
        return approved(intent, "found by query")
    if status == "canceled":
        return SaleResult(SaleOutcome.CANCELED, processor_ref=intent.id,
                          staff_message=f"PaymentIntent {intent.id} is canceled; nothing taken")
    if status == "processing":
        return SaleResult(SaleOutcome.UNKNOWN, processor_ref=intent.id,
                          staff_message=f"PaymentIntent {intent.id} is still processing")
    code = decline_code(intent)
    if code and intent.last_payment_error is not None and \
            intent.last_payment_error.type == "card_error":
        return SaleResult(SaleOutcome.DECLINED, processor_ref=intent.id, decline_code=code,
                          staff_message=f"declined ({code}); PaymentIntent {intent.id} "
                                        "awaits another card")
    return SaleResult(SaleOutcome.CANCELED, processor_ref=intent.id,
                      staff_message=f"PaymentIntent {intent.id} is {status}; no card was "
                                    "charged")


def find(client: stripe.StripeClient, payment_id: str, method: str = "") -> list[str]:
    """Ids of the PaymentIntents carrying this payment id (normally one; never raises less).

    Raises ``stripe.StripeError`` when Stripe cannot be asked.
    """
    query = f"metadata['{METADATA_PAYMENT_ID}']:'{payment_id}'"
    found = client.v1.payment_intents.search(params={"query": query, "limit": 10})
    ids = [i.id for i in found.data if _ours(i, payment_id, method)]
    if ids:
        return ids
    since = int(time.time()) - LOOKBACK_S
    page = client.v1.payment_intents.list(params={"created": {"gte": since}, "limit": 100})
    for _ in range(_SCAN_PAGES):
        ids.extend(i.id for i in page.data if _ours(i, payment_id, method))
        if ids or not page.has_more or not page.data:
            break
        page = client.v1.payment_intents.list(params={"created": {"gte": since}, "limit": 100,
                                                      "starting_after": page.data[-1].id})
    return ids


def metadata(obj: object) -> dict[str, str]:
    """An object's metadata as a plain dict (the SDK types it as an untyped object)."""
    raw = getattr(obj, "metadata", None)
    if raw is None:
        return {}
    plain = raw.to_dict() if hasattr(raw, "to_dict") else dict(raw)
    return {str(k): str(v) for k, v in plain.items()}


def _ours(intent: stripe.PaymentIntent, payment_id: str, method: str) -> bool:
    tags = metadata(intent)
    if tags.get(METADATA_PAYMENT_ID) != payment_id:
        return False
    return not method or tags.get(METADATA_METHOD, "card") == method
