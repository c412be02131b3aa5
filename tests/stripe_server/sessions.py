"""Checkout Sessions in the test server's account ("pay on your phone").

A session is ``open`` until the patient pays on the hosted page (here: the
test hook :func:`complete`), the session is expired through the API, or its
``expires_at`` passes. Paying creates the PaymentIntent Stripe would create,
carrying ``payment_intent_data.metadata``; a US bank account payment stays
``processing`` (session ``complete`` but ``unpaid``) until :func:`settle`.
"""

from __future__ import annotations

from typing import Any

from tests.stripe_server import objects
from tests.stripe_server.world import ApiError, World, invalid, missing

_MIN_EXPIRY_S = 30 * 60
_MAX_EXPIRY_S = 24 * 60 * 60
PAGE_BASE = "https://checkout.stripe.test/c/pay/"


def create(world: World, params: dict[str, Any]) -> dict[str, Any]:
    if params.get("mode") != "payment":
        raise invalid("The test server only supports mode=payment.", param="mode")
    items = params.get("line_items") or []
    if not items:
        raise invalid("line_items is required in payment mode.", code="parameter_missing",
                      param="line_items")
    currencies, amount = set(), 0
    for index, item in enumerate(items):
        price = item.get("price_data")
        if price is None or "unit_amount" not in price or "product_data" not in price:
            raise invalid("Each line item needs price_data with unit_amount and product_data.",
                          param=f"line_items[{index}][price_data]")
        currencies.add(price["currency"])
        amount += price["unit_amount"] * item.get("quantity", 1)
    if len(currencies) != 1:
        raise invalid("All line items must share one currency.", param="line_items")
    types = params.get("allowed_payment_method_types") or ["card"]
    for kind in types:
        if kind not in ("card", "us_bank_account", "link"):
            raise invalid(f"The payment method type {kind!r} is invalid.",
                          param="allowed_payment_method_types")
    now = int(world.now())
    expires_at = params.get("expires_at", now + _MAX_EXPIRY_S)
    if not now + _MIN_EXPIRY_S <= expires_at <= now + _MAX_EXPIRY_S:
        raise invalid("The `expires_at` timestamp must be between 30 minutes and 24 hours "
                      "from Checkout Session creation.", param="expires_at")
    session_id = objects.new_id("cs_test_", 40)
    session = objects.checkout_session(
        id=session_id, created=now, expires_at=expires_at, currency=currencies.pop(),
        amount=amount, allowed_types=types,
        client_reference_id=params.get("client_reference_id"),
        metadata=params.get("metadata") or {}, success_url=params.get("success_url"),
        url=PAGE_BASE + session_id)
    world.sessions[session_id] = world._remember(session)
    world.session_settings[session_id] = params.get("payment_intent_data") or {}
    return session


def get(world: World, session_id: str) -> dict[str, Any]:
    session = world.sessions.get(session_id)
    if session is None:
        raise missing("checkout.session", session_id, "session")
    return session


def expire(world: World, session_id: str) -> dict[str, Any]:
    session = get(world, session_id)
    if session["status"] != "open":
        raise ApiError(400, objects.error(
            "invalid_request_error",
            f"Only Checkout Sessions with a status in [\"open\"] can be expired. This "
            f"Checkout Session has a status of \"{session['status']}\"."))
    session["status"] = "expired"
    return session


def list_sessions(world: World, params: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    items = list(world.sessions.values())
    if params.get("status"):
        items = [s for s in items if s["status"] == params["status"]]
    if params.get("payment_intent"):
        items = [s for s in items if s["payment_intent"] == params["payment_intent"]]
    return world._page(items, params)


# -- test hooks: what the patient's phone and the bank do --------------------
def complete(world: World, session_id: str, method: str, outcome: str) -> dict[str, Any]:
    """The patient pays on the hosted page. ``outcome``: ``paid`` or ``processing``."""
    session = get(world, session_id)
    if session["status"] != "open":
        raise invalid(f"session is {session['status']}, it cannot be paid")
    if method not in session["payment_method_types"]:
        raise invalid(f"{method} is not allowed on this session")
    data = world.session_settings.get(session_id, {})
    intent = world.create_intent({
        "amount": session["amount_total"], "currency": session["currency"],
        "allowed_payment_method_types": [method], "metadata": data.get("metadata") or {},
        "description": data.get("description")})
    now = int(world.now())
    if method == "card":
        details = objects.card_details("visa", "4242")
    else:
        details = objects.us_bank_account_details("STRIPE TEST BANK", "6789")
    settled = outcome == "paid"
    charge = objects.charge(
        id=objects.new_id("py_" if method == "us_bank_account" else "ch_"),
        amount=intent["amount"], currency=intent["currency"], created=now,
        payment_intent=intent["id"], payment_method=objects.new_id("pm_"), details=details,
        status="succeeded" if settled else "pending", captured=settled)
    world.charges[charge["id"]] = world._remember(charge)
    intent.update(latest_charge=charge["id"], payment_method=charge["payment_method"],
                  status="succeeded" if settled else "processing",
                  amount_received=intent["amount"] if settled else 0)
    session.update(status="complete", payment_intent=intent["id"],
                   payment_status="paid" if settled else "unpaid")
    return session


def settle(world: World, intent_id: str, outcome: str) -> dict[str, Any]:
    """The bank answers for a ``processing`` payment: ``succeeded`` or ``failed``."""
    intent = world.intent(intent_id)
    if intent["status"] != "processing":
        raise invalid(f"PaymentIntent is {intent['status']}, not processing")
    charge = world.charges[intent["latest_charge"]]
    session = next((s for s in world.sessions.values() if s["payment_intent"] == intent_id),
                   None)
    if outcome == "succeeded":
        intent.update(status="succeeded", amount_received=intent["amount"])
        charge.update(status="succeeded", captured=True, amount_captured=charge["amount"],
                      paid=True)
        if session is not None:
            session["payment_status"] = "paid"
    else:
        error = {"type": "invalid_request_error", "code": "payment_method_provider_decline",
                 "message": "The customer's bank account could not be debited.",
                 "charge": charge["id"], "decline_code": None, "doc_url": None, "param": None,
                 "payment_method_type": "us_bank_account"}
        intent.update(status="requires_payment_method", last_payment_error=error)
        charge.update(status="failed", failure_code="insufficient_funds",
                      failure_message=error["message"])
    return intent
