"""A simulated hosted checkout ("pay on your phone") for demo mode and tests."""

from devices.simulated_checkout.checkout import MAGIC_AMOUNTS, SimulatedCheckout

__all__ = ["MAGIC_AMOUNTS", "SimulatedCheckout"]
