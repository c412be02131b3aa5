"""Statements from a PMS's scheduled CSV export (see docs/pms-csv-statements.md)."""

from kiosk.pms.csv_statements.source import CsvStatements

__all__ = ["CsvStatements"]
