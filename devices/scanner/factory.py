"""Build the statement scanner from configuration (called by ``kiosk.app`` only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ports.scanner import StatementScanner

if TYPE_CHECKING:
    from kiosk.config.schema import Config


def build_scanner(config: Config) -> StatementScanner | None:
    scanner = config.scanner
    if scanner.kind == "serial":
        from devices.scanner.serial_scanner import SerialStatementScanner

        return SerialStatementScanner(scanner.serial.device, scanner.serial.baudrate,
                                      scanner.serial.terminator, scanner.max_length)
    if scanner.kind == "keyboard":
        from devices.scanner.wedge import KeyboardWedgeScanner

        return KeyboardWedgeScanner(scanner.keyboard.max_gap_ms, scanner.keyboard.min_length,
                                    scanner.max_length)
    if scanner.kind == "simulated":
        if not config.is_demo:
            raise ValueError("the simulated scanner runs only in demo mode")
        from devices.scanner.simulated import SimulatedScanner

        return SimulatedScanner(tuple(scanner.simulated.codes), scanner.max_length)
    return None
