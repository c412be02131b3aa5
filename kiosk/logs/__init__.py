"""Logging for IT: redacted by allow-list, rotated by size, kept in the data folder."""

from kiosk.logs.redact import RedactingFormatter, Safe, safe
from kiosk.logs.setup import close_log_file, configure_console, open_log_file

__all__ = ["RedactingFormatter", "Safe", "close_log_file", "configure_console", "open_log_file",
           "safe"]
