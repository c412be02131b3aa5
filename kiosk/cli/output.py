"""Printing helpers shared by the commands (JSON with integer cents, aligned tables)."""

from __future__ import annotations

import json
import sys
from typing import Any

from kiosk.domain.statement import Statement


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, sort_keys=False, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def statement_json(statement: Statement, display_name: str, payable_cents: int) -> dict[str, Any]:
    return {
        "patient_id": statement.patient_id,
        "display_name": display_name,
        "statement_code": statement.statement_code,
        "currency": statement.currency,
        "as_of": statement.as_of.isoformat(),
        "from_cache": statement.from_cache,
        "lines": [{
            "id": line.id,
            "date_of_service": line.date_of_service.isoformat(),
            "description": line.description,
            "charge_cents": line.charge.cents,
            "insurance_paid_cents": line.insurance_paid.cents,
            "adjustment_cents": line.adjustment.cents,
            "patient_responsibility_cents": line.patient_responsibility.cents,
        } for line in statement.lines],
        "payments": [{"date": p.date.isoformat(), "amount_cents": p.amount.cents,
                      "method": p.method} for p in statement.payments],
        "total_due_cents": statement.total_due.cents,
        "payable_cents": payable_cents,
    }


def statement_text(statement: Statement, display_name: str, payable_cents: int) -> str:
    rows = [f"Statement for {display_name}  (as of {statement.as_of:%Y-%m-%d %H:%M} UTC)", ""]
    header = f"{'Date':<10}  {'Service':<34} {'Charge':>10} {'Insurance':>10} " \
             f"{'Adjusted':>10} {'You owe':>10}"
    rows += [header, "-" * len(header)]
    for line in statement.lines:
        rows.append(f"{line.date_of_service:%Y-%m-%d}  {line.description[:34]:<34} "
                    f"{line.charge.format():>10} {line.insurance_paid.format():>10} "
                    f"{line.adjustment.format():>10} {line.patient_responsibility.format():>10}")
    for payment in statement.payments:
        rows.append(f"{payment.date:%Y-%m-%d}  {'Payment received (' + payment.method + ')':<34} "
                    f"{'':>10} {'':>10} {'':>10} {(-payment.amount).format():>10}")
    rows += ["-" * len(header), f"{'Total due':<46} {statement.total_due.format():>43}",
             f"{'You can pay today':<46} "
             f"{type(statement.total_due)(payable_cents, statement.currency).format():>43}"]
    return "\n".join(rows)
