"""One configured ``stripe.StripeClient``: key from the secret store, explicit network policy.

Why each setting:

- the key comes from :class:`kiosk.secrets.SecretStore` (environment, systemd
  credential or OS keyring), never from the config file;
- ``stripe.enable_telemetry = False``: the SDK otherwise writes a telemetry id
  file under the home folder and reports the platform with every request;
- timeouts come from the HTTP client (``RequestsClient(timeout=(connect, read))``),
  because the SDK's default is 80 s per request, far longer than a patient waits;
- ``max_network_retries`` is explicit (the SDK's default is no retries). The
  SDK retries connection errors, 409 and 5xx answers, and resends the same
  ``Idempotency-Key``, so a retried create or capture is never done twice;
- the API base address is configurable, so tests point the real SDK at a
  loopback server.
"""

from __future__ import annotations

from dataclasses import dataclass

import stripe

#: The name of the secret holding the Stripe secret key (``KIOSK_SECRET_STRIPE_API_KEY``).
API_KEY_SECRET = "stripe_api_key"


@dataclass(frozen=True, slots=True)
class StripeSettings:
    api_base: str = "https://api.stripe.com"
    connect_timeout_ms: int = 5_000
    read_timeout_ms: int = 30_000
    max_network_retries: int = 2

    @property
    def timeout_s(self) -> tuple[float, float]:
        return self.connect_timeout_ms / 1000, self.read_timeout_ms / 1000


def make_client(api_key: str, settings: StripeSettings) -> stripe.StripeClient:
    stripe.enable_telemetry = False
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": settings.api_base},
        max_network_retries=settings.max_network_retries,
        http_client=stripe.RequestsClient(timeout=settings.timeout_s),
    )


def key_mode(api_key: str) -> str:
    """"test" or "live" from the key's prefix (for doctor output; the key is never shown)."""
    if api_key.startswith(("sk_live_", "rk_live_")):
        return "live"
    if api_key.startswith(("sk_test_", "rk_test_")):
        return "test"
    return "unknown"
