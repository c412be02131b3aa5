"""A Stripe-compatible loopback server for the Stripe adapter's tests (see server.py)."""

from tests.stripe_server.server import (
    API_KEY,
    LOCATION_ID,
    READER_ID,
    S700_READER_ID,
    StripeServer,
)

__all__ = ["API_KEY", "LOCATION_ID", "READER_ID", "S700_READER_ID", "StripeServer"]
