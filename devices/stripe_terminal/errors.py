"""Stripe's exceptions sorted by what the adapter must do about them.

The adapter never lets a vendor exception out of a port call; it turns each
into one of these kinds and a staff message that says precisely what
happened (codes and ids, never card data, never the key).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import stripe


class Kind(enum.StrEnum):
    UNREACHABLE = "unreachable"  # no answer (network, timeout after the SDK's retries)
    SERVER = "server"  # Stripe answered 5xx after the SDK's retries
    RATE_LIMITED = "rate_limited"
    AUTH = "auth"  # the key is missing, wrong, revoked or lacks permission
    READER_BUSY = "reader_busy"
    READER_OFFLINE = "reader_offline"
    READER_TIMEOUT = "reader_timeout"  # may be a false negative: the reader may have it
    WRONG_STATE = "wrong_state"  # the PaymentIntent is not in a state for this call
    DECLINED = "declined"
    IDEMPOTENCY = "idempotency"  # same key, other parameters: a bug, or a replay of a change
    NOT_FOUND = "not_found"
    INVALID = "invalid"  # any other refusal of the request as sent


@dataclass(frozen=True, slots=True)
class Problem:
    kind: Kind
    code: str
    staff_message: str

    @property
    def transient(self) -> bool:
        """The request may or may not have taken effect, or may work if asked again."""
        return self.kind in (Kind.UNREACHABLE, Kind.SERVER, Kind.RATE_LIMITED)


_READER_CODES = {
    "terminal_reader_busy": Kind.READER_BUSY,
    "terminal_reader_offline": Kind.READER_OFFLINE,
    "terminal_reader_timeout": Kind.READER_TIMEOUT,
    "intent_invalid_state": Kind.WRONG_STATE,
    "payment_intent_unexpected_state": Kind.WRONG_STATE,
    "resource_missing": Kind.NOT_FOUND,
}


def classify(exc: stripe.StripeError, doing: str) -> Problem:
    """``doing`` names the call ("creating the PaymentIntent") for the staff message."""
    code = str(getattr(exc, "code", "") or "")
    status = exc.http_status or 0
    message = (exc.user_message or "").strip()
    request = f" (request {exc.request_id})" if exc.request_id else ""
    if isinstance(exc, stripe.APIConnectionError):
        return Problem(Kind.UNREACHABLE, "unreachable",
                       f"Stripe unreachable while {doing}: no answer after retries")
    if isinstance(exc, stripe.AuthenticationError | stripe.PermissionError):
        return Problem(Kind.AUTH, code or "authentication",
                       f"Stripe refused the API key while {doing} (HTTP {status}); check the "
                       "stripe_api_key secret")
    if isinstance(exc, stripe.RateLimitError):
        return Problem(Kind.RATE_LIMITED, code or "rate_limit",
                       f"Stripe rate limit while {doing}{request}")
    if isinstance(exc, stripe.IdempotencyError):
        return Problem(Kind.IDEMPOTENCY, "idempotency_error",
                       f"Stripe refused a reused idempotency key while {doing}: {message}")
    if isinstance(exc, stripe.CardError):
        decline = str(getattr(exc.error, "decline_code", "") or "") if exc.error else ""
        return Problem(Kind.DECLINED, decline or code or "card_declined",
                       f"declined while {doing}: {code} {decline}".strip())
    if status >= 500 or isinstance(exc, stripe.APIError):
        return Problem(Kind.SERVER, code or f"http_{status}",
                       f"Stripe server error (HTTP {status}) while {doing}{request}")
    kind = _READER_CODES.get(code, Kind.INVALID)
    return Problem(kind, code or f"http_{status}",
                   f"Stripe refused {doing}: {code or status}: {message}{request}")
