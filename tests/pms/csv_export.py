"""The demo clinic as a PMS statement export (docs/pms-csv-statements.md), for the tests."""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from kiosk.pms.demo.generator import generate_clinic

COLUMNS = ("patient_id", "family", "given", "birthdate", "postal_code", "phone",
           "statement_code", "balance", "exported_at", "line_id", "date_of_service",
           "description", "charge", "insurance_paid", "adjustment", "patient_responsibility")


def dollars(cents: int) -> str:
    return str(Decimal(cents).scaleb(-2))


def write_export(path: Path, exported_at: datetime, patients: int = 320) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for p in generate_clinic(20261127, patients):
            head = [p.id, p.family, p.given, p.birthdate.isoformat(), p.postal_code, p.phone,
                    p.statement_code, dollars(p.balance), exported_at.isoformat()]
            for line in p.lines:
                writer.writerow([
                    *head, line.id, line.date_of_service.isoformat(), line.description,
                    dollars(line.charge), dollars(line.insurance_paid), dollars(line.adjustment),
                    dollars(line.patient_responsibility)])
    return path
