"""An email or SMS server that keeps what it was sent, for demo mode and tests."""

from devices.simulated_notifier.notifier import SimulatedNotifier, SimulatedSms

__all__ = ["SimulatedNotifier", "SimulatedSms"]
