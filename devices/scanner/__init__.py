"""Statement scanners: serial (line-terminated codes), keyboard wedge, and a simulator."""

from devices.scanner.factory import build_scanner

__all__ = ["build_scanner"]
