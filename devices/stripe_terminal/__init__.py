"""Stripe: card payments on a server-driven smart reader, and "pay on your phone".

- :class:`StripeTerminal` implements the ``CardTerminal`` port (PaymentIntents
  processed on a BBPOS WisePOS E or Stripe Reader S700);
- :class:`StripeCheckout` implements the ``HostedCheckout`` port (a Checkout
  Session the patient opens from a QR code).

Both take the secret key from the secret store (``stripe_api_key``) and talk
to a configurable API base address, which tests point at a loopback server
(``tests/stripe_server``). The simulator beside them for demo mode is
``devices.simulated_terminal`` (card) and ``devices.simulated_checkout`` (phone).
"""

from devices.stripe_terminal.checkout import StripeCheckout
from devices.stripe_terminal.client import API_KEY_SECRET, StripeSettings
from devices.stripe_terminal.sale import SaleSettings
from devices.stripe_terminal.terminal import StripeTerminal

__all__ = ["API_KEY_SECRET", "SaleSettings", "StripeCheckout", "StripeSettings",
           "StripeTerminal"]
