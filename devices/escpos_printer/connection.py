"""Open a python-escpos printer on serial, network or USB, and read its real-time status.

python-escpos keeps the protocol; we keep the connection explicit: opened on
demand, closed on error so the next print reopens it, never left to
``__del__``. Real-time status (``DLE EOT n``) is asked for where the transport
can answer (serial and USB, and network printers that reply on the socket).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import serial

log = logging.getLogger(__name__)

STATUS_ONLINE = b"\x10\x04\x01"  # printer status: bit 3 = offline
STATUS_PAPER = b"\x10\x04\x04"  # roll paper sensor: bits 2-3 near end, bits 5-6 out


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    answered: bool  # False: the printer said nothing (off, unplugged, wrong port)
    online: bool = True
    paper: str = "ok"  # ok | low | out | unknown


def open_printer(transport: str, *, device: str = "", baudrate: int = 9600, host: str = "",
                 port: int = 9100, vendor_id: str = "", product_id: str = "",
                 timeout_s: float = 3.0, profile: str | None = None) -> Any:
    """A connected python-escpos printer; raises on failure (the caller maps it)."""
    from escpos import printer

    if transport == "serial":
        device_obj = printer.Serial(devfile=device, baudrate=baudrate, timeout=timeout_s,
                                    dsrdtr=False, profile=profile or None)
    elif transport == "network":
        device_obj = printer.Network(host=host, port=port, timeout=timeout_s,
                                     profile=profile or None)
    elif transport == "usb":
        device_obj = printer.Usb(int(vendor_id, 16), int(product_id, 16), timeout=0,
                                 profile=profile or None)
    else:
        raise ValueError(f"unknown ESC/POS transport {transport!r}")
    device_obj.open()
    return device_obj


def read_status(device: Any) -> PrinterStatus:
    """Ask DLE EOT 1 and 4. Raises NotImplementedError when the transport cannot read."""
    online = _ask(device, STATUS_ONLINE)
    if online is None:
        return PrinterStatus(answered=False)
    if online & 0x08:
        return PrinterStatus(True, online=False, paper="unknown")
    paper = _ask(device, STATUS_PAPER)
    if paper is None:
        return PrinterStatus(True, paper="unknown")
    if paper & 0x60:
        return PrinterStatus(True, paper="out")
    if paper & 0x0C:
        return PrinterStatus(True, paper="low")
    return PrinterStatus(True)


def _ask(device: Any, command: bytes) -> int | None:
    device._raw(command)
    port = getattr(device, "device", None)
    # python-escpos's serial read asks for 16 bytes and so always waits out the timeout.
    answer = port.read(1) if isinstance(port, serial.Serial) else device._read()
    return answer[-1] if answer else None
