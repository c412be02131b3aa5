"""Stripe API objects as the test server returns them.

Field names and nesting follow Stripe's published example objects (the
``terminal.reader``, ``payment_intent``, ``charge``, ``refund`` and
``checkout.session`` fixtures of the stripe/openapi repository, API version
2026-10-28.endive); this is our own code that writes objects of that shape,
so the SDK under test parses exactly what it would parse from Stripe.
``tests/stripe/test_server_shapes.py`` checks every field name against the
SDK's own resource classes.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

_ALPHABET = string.ascii_letters + string.digits


def new_id(prefix: str, length: int = 24) -> str:
    return prefix + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def payment_intent(*, id: str, amount: int, currency: str, created: int, capture_method: str,
                   allowed_types: list[str], metadata: dict[str, str], description: str | None,
                   statement_descriptor: str | None = None) -> dict[str, Any]:
    return {
        "id": id,
        "object": "payment_intent",
        "amount": amount,
        "amount_capturable": 0,
        "amount_details": {"tip": {}},
        "amount_received": 0,
        "allowed_payment_method_types": list(allowed_types),
        "application": None,
        "application_fee_amount": None,
        "automatic_payment_methods": None,
        "canceled_at": None,
        "cancellation_reason": None,
        "capture_method": capture_method,
        "client_secret": f"{id}_secret_{new_id('', 24)}",
        "confirmation_method": "automatic",
        "created": created,
        "currency": currency,
        "customer": None,
        "customer_account": None,
        "description": description,
        "excluded_payment_method_types": None,
        "last_payment_error": None,
        "latest_charge": None,
        "livemode": False,
        "managed_payments": {"enabled": False},
        "metadata": dict(metadata),
        "next_action": None,
        "on_behalf_of": None,
        "payment_method": None,
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": list(allowed_types),
        "processing": None,
        "receipt_email": None,
        "review": None,
        "setup_future_usage": None,
        "shipping": None,
        "source": None,
        "statement_descriptor": statement_descriptor,
        "statement_descriptor_suffix": None,
        "status": "requires_payment_method",
        "transfer_data": None,
        "transfer_group": None,
    }


def charge(*, id: str, amount: int, currency: str, created: int, payment_intent: str,
           payment_method: str, details: dict[str, Any], status: str, captured: bool,
           failure_code: str | None = None, failure_message: str | None = None,
           outcome_type: str = "authorized", metadata: dict[str, str] | None = None,
           ) -> dict[str, Any]:
    """``details`` is one ``payment_method_details`` hash (``card_present``, ``card``, ...)."""
    return {
        "id": id,
        "object": "charge",
        "amount": amount,
        "amount_captured": amount if captured else 0,
        "amount_refunded": 0,
        "application": None,
        "application_fee": None,
        "application_fee_amount": None,
        "balance_transaction": None,
        "billing_details": {"address": {"city": None, "country": None, "line1": None,
                                        "line2": None, "postal_code": None, "state": None},
                            "email": None, "name": None, "phone": None, "tax_id": None},
        "calculated_statement_descriptor": None,
        "captured": captured,
        "created": created,
        "currency": currency,
        "customer": None,
        "description": None,
        "disputed": False,
        "failure_balance_transaction": None,
        "failure_code": failure_code,
        "failure_message": failure_message,
        "fraud_details": {},
        "livemode": False,
        "metadata": dict(metadata or {}),
        "on_behalf_of": None,
        "outcome": {"advice_code": None, "network_advice_code": None,
                    "network_decline_code": None,
                    "network_status": "approved_by_network" if status == "succeeded"
                    else "declined_by_network",
                    "reason": None if status == "succeeded" else failure_code,
                    "seller_message": "Payment complete." if status == "succeeded"
                    else "The bank did not return any further details with this decline.",
                    "type": outcome_type},
        "paid": status == "succeeded",
        "payment_intent": payment_intent,
        "payment_method": payment_method,
        "payment_method_details": details,
        "receipt_email": None,
        "receipt_number": None,
        "receipt_url": None,
        "refunded": False,
        "refunds": {"object": "list", "data": [], "has_more": False,
                    "url": f"/v1/charges/{id}/refunds"},
        "review": None,
        "shipping": None,
        "source": None,
        "source_transfer": None,
        "statement_descriptor": None,
        "statement_descriptor_suffix": None,
        "status": status,
        "transfer_data": None,
        "transfer_group": None,
    }


def card_present_details(brand: str, last4: str, auth_code: str | None,
                         amount: int) -> dict[str, Any]:
    return {"type": "card_present", "card_present": {
        "amount_authorized": amount, "brand": brand, "brand_product": None,
        "capture_before": None, "cardholder_name": None, "country": "US",
        "description": None, "emv_auth_data": None, "exp_month": 12, "exp_year": 2030,
        "fingerprint": new_id("", 16), "funding": "credit", "generated_card": None,
        "iin": None, "incremental_authorization_supported": False, "issuer": None,
        "last4": last4, "location": None, "network": brand, "network_transaction_id": None,
        "offline": None, "overcapture_supported": False, "preferred_locales": ["en"],
        "read_method": "contactless_emv", "reader": None,
        "receipt": {"account_type": "credit", "application_cryptogram": None,
                    "application_preferred_name": None, "authorization_code": auth_code,
                    "authorization_response_code": "00" if auth_code else "05",
                    "cardholder_verification_method": "none", "dedicated_file_name": None,
                    "terminal_verification_results": None,
                    "transaction_status_information": None},
        "wallet": None,
    }}


def card_details(brand: str, last4: str) -> dict[str, Any]:
    return {"type": "card", "card": {
        "amount_authorized": None, "brand": brand, "checks": {
            "address_line1_check": None, "address_postal_code_check": None,
            "cvc_check": "pass"},
        "country": "US", "exp_month": 8, "exp_year": 2030, "fingerprint": new_id("", 16),
        "funding": "credit", "installments": None, "last4": last4, "mandate": None,
        "network": brand, "three_d_secure": None, "wallet": None,
        "authorization_code": None, "network_transaction_id": None,
    }}


def us_bank_account_details(bank_name: str, last4: str) -> dict[str, Any]:
    return {"type": "us_bank_account", "us_bank_account": {
        "account_holder_type": "individual", "account_type": "checking",
        "bank_name": bank_name, "expected_debit_date": None, "fingerprint": new_id("", 16),
        "last4": last4, "mandate": None, "payment_reference": None,
        "routing_number": "110000000",
    }}


def reader(*, id: str, device_type: str, label: str, location: str | None,
           serial_number: str, status: str) -> dict[str, Any]:
    return {
        "id": id,
        "object": "terminal.reader",
        "action": None,
        "device_sw_version": "2.42.0.0",
        "device_type": device_type,
        "ip_address": "0.0.0.0",
        "label": label,
        "last_seen_at": None,
        "livemode": False,
        "location": location,
        "metadata": {},
        "serial_number": serial_number,
        "status": status,
    }


def process_action(payment_intent: str, process_config: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "type": "process_payment_intent",
        "status": "in_progress",
        "failure_code": None,
        "failure_message": None,
        "api_error": None,
        "process_payment_intent": {"payment_intent": payment_intent,
                                   "process_config": process_config or None},
    }


def display_action(cart: dict[str, Any]) -> dict[str, Any]:
    return {"type": "set_reader_display", "status": "succeeded", "failure_code": None,
            "failure_message": None, "api_error": None,
            "set_reader_display": {"type": "cart", "cart": cart}}


def location(*, id: str, display_name: str) -> dict[str, Any]:
    return {"id": id, "object": "terminal.location", "display_name": display_name,
            "address": {"city": "Chicago", "country": "US", "line1": "1200 W Lake St",
                        "line2": None, "postal_code": "60607", "state": "IL"},
            "configuration_overrides": None, "livemode": False, "metadata": {}, "phone": None}


def refund(*, id: str, amount: int, currency: str, created: int, charge: str,
           payment_intent: str, metadata: dict[str, str], reason: str | None,
           status: str) -> dict[str, Any]:
    return {
        "id": id,
        "object": "refund",
        "amount": amount,
        "balance_transaction": None,
        "charge": charge,
        "created": created,
        "currency": currency,
        "customer": None,
        "customer_account": None,
        "destination_details": {"card": {"type": "reversal"}, "type": "card"},
        "metadata": dict(metadata),
        "payment_intent": payment_intent,
        "payment_method": None,
        "reason": reason,
        "receipt_number": None,
        "source_transfer_reversal": None,
        "status": status,
        "transfer_reversal": None,
    }


def checkout_session(*, id: str, created: int, expires_at: int, currency: str, amount: int,
                     allowed_types: list[str], client_reference_id: str | None,
                     metadata: dict[str, str], success_url: str | None, url: str
                     ) -> dict[str, Any]:
    return {
        "id": id,
        "object": "checkout.session",
        "after_expiration": None,
        "allow_promotion_codes": None,
        "allowed_payment_method_types": list(allowed_types),
        "amount_subtotal": amount,
        "amount_total": amount,
        "automatic_tax": {"enabled": False, "liability": None, "status": None,
                          "provider": None},
        "billing_address_collection": None,
        "cancel_url": None,
        "client_reference_id": client_reference_id,
        "client_secret": None,
        "consent": None,
        "consent_collection": None,
        "created": created,
        "currency": currency,
        "custom_fields": [],
        "custom_text": {"after_submit": None, "shipping_address": None, "submit": None,
                        "terms_of_service_acceptance": None},
        "customer": None,
        "customer_account": None,
        "customer_creation": "if_required",
        "customer_details": None,
        "customer_email": None,
        "expires_at": expires_at,
        "invoice": None,
        "invoice_creation": None,
        "livemode": False,
        "locale": None,
        "metadata": dict(metadata),
        "mode": "payment",
        "payment_intent": None,
        "payment_link": None,
        "payment_method_collection": "if_required",
        "payment_method_configuration_details": None,
        "payment_method_options": {},
        "payment_method_types": list(allowed_types),
        "payment_status": "unpaid",
        "phone_number_collection": {"enabled": False},
        "recovered_from": None,
        "saved_payment_method_options": None,
        "setup_intent": None,
        "shipping_address_collection": None,
        "shipping_cost": None,
        "shipping_options": [],
        "status": "open",
        "submit_type": None,
        "subscription": None,
        "success_url": success_url,
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted_page",
        "url": url,
        "adaptive_pricing": {"enabled": False},
        "discounts": [],
        "collected_information": None,
        "permissions": None,
        "wallet_options": None,
        "origin_context": None,
        "currency_conversion": None,
        "integration_identifier": None,
        "managed_payments": {"enabled": False},
    }


def list_object(url: str, data: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def search_result(url: str, data: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "search_result", "data": data, "has_more": False, "next_page": None,
            "url": url, "total_count": len(data)}


def error(type_: str, message: str, *, code: str | None = None, param: str | None = None,
          decline_code: str | None = None, extra: dict[str, Any] | None = None
          ) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "message": message}
    if code:
        body["code"] = code
        body["doc_url"] = f"https://docs.stripe.com/error-codes/{code.replace('_', '-')}"
    if param:
        body["param"] = param
    if decline_code:
        body["decline_code"] = decline_code
    body.update(extra or {})
    return {"error": body}
