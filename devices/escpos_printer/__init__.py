"""ESC/POS receipt printers through python-escpos (serial, network, USB), and a simulator."""

from devices.escpos_printer.factory import build_escpos_printer
from devices.escpos_printer.layout import render_receipt
from devices.escpos_printer.printer import EscposPrinter

__all__ = ["EscposPrinter", "build_escpos_printer", "render_receipt"]
