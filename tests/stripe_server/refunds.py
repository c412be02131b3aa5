"""Refunds in the test server's account: full or partial, never more than was captured."""

from __future__ import annotations

from typing import Any

from tests.stripe_server import objects
from tests.stripe_server.world import World, invalid


def create(world: World, params: dict[str, Any]) -> dict[str, Any]:
    if "payment_intent" not in params:
        raise invalid("One of charge or payment_intent is required.",
                      code="parameter_missing", param="payment_intent")
    intent = world.intent(params["payment_intent"])
    if intent["status"] != "succeeded":
        raise invalid(f"This PaymentIntent ({intent['id']}) does not have a successful "
                      "charge to refund.", code="charge_not_refundable",
                      param="payment_intent")
    charge = world.charges[intent["latest_charge"]]
    remaining = charge["amount_captured"] - charge["amount_refunded"]
    if remaining <= 0:
        raise invalid(f"Charge {charge['id']} has already been refunded.",
                      code="charge_already_refunded")
    amount = params.get("amount", remaining)
    if amount > remaining:
        raise invalid(f"Refund amount (${amount / 100:.2f}) is greater than unrefunded "
                      f"amount on charge (${remaining / 100:.2f})", code="amount_too_large",
                      param="amount")
    if amount <= 0:
        raise invalid("Invalid positive integer", code="parameter_invalid_integer",
                      param="amount")
    refund = objects.refund(
        id=objects.new_id("re_"), amount=amount, currency=intent["currency"],
        created=int(world.now()), charge=charge["id"], payment_intent=intent["id"],
        metadata=params.get("metadata") or {}, reason=params.get("reason"),
        status="succeeded")
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
    charge["refunds"]["data"].insert(0, refund)
    world.refunds[refund["id"]] = world._remember(refund)
    return refund

def list_refunds(world: World, params: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    items = list(world.refunds.values())
    if params.get("payment_intent"):
        items = [r for r in items if r["payment_intent"] == params["payment_intent"]]
    return world._page(items, params)
