"""A receipt printer that keeps what it printed, for the on-screen preview and tests."""

from devices.simulated_printer.printer import SimulatedPrinter

__all__ = ["SimulatedPrinter"]
