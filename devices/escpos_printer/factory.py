"""Build the ESC/POS printer from configuration (called by ``kiosk.app`` only)."""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from devices.escpos_printer.connection import open_printer
from devices.escpos_printer.printer import EscposPrinter

if TYPE_CHECKING:
    from kiosk.config.schema import Config

log = logging.getLogger(__name__)


def build_escpos_printer(config: Config) -> EscposPrinter:
    esc = config.printer.escpos
    device, transport, simulator = esc.device, esc.transport, None
    if esc.simulator.enabled:
        if not config.is_demo:
            raise ValueError("the ESC/POS printer simulator runs only in demo mode")
        from devices.escpos_printer.simulator import EscposPrinterSimulator

        simulator = EscposPrinterSimulator(esc.simulator.fault)
        device, transport = simulator.device, "serial"
        log.info("ESC/POS printer simulator (demo) on %s", device)
    connect = functools.partial(
        open_printer, transport, device=device, baudrate=esc.baudrate, host=esc.host,
        port=esc.port, vendor_id=esc.usb_vendor_id, product_id=esc.usb_product_id,
        timeout_s=esc.timeout_ms / 1000, profile=esc.profile or None)
    description = {"serial": f"serial {device}", "network": f"{esc.host}:{esc.port}",
                   "usb": f"USB {esc.usb_vendor_id}:{esc.usb_product_id}"}[transport]
    printer = EscposPrinter(connect, description, config.clinic.timezone, esc.width, esc.qr,
                            esc.profile or None,
                            on_close=simulator.stop if simulator is not None else None)
    printer.simulator = simulator
    return printer
