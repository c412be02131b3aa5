"""The day-close report as JSON (integer cents) and CSV (one row per figure)."""

from __future__ import annotations

import csv
import io
from typing import Any

from kiosk.domain.money import Money
from kiosk.reports.close import DayReport


def _cents(value: Money | None) -> int | None:
    return value.cents if value is not None else None


def report_json(report: DayReport) -> dict[str, Any]:
    return {
        "day": report.day.isoformat(), "timezone": report.timezone,
        "currency": report.currency, "clinic": report.clinic_name,
        "generated_at": report.generated_at.isoformat(),
        "from": report.start.isoformat(), "to": report.end.isoformat(),
        "balanced": report.balanced,
        "total": {"count": report.total.count, "gross_cents": report.total.gross.cents,
                  "refunds_cents": report.total.refunds.cents,
                  "net_cents": report.total.net.cents},
        "pms_posted_net_cents": report.pms_posted_net.cents,
        "lines": [{
            "method": line.method, "channel": line.channel, "count": line.ledger.count,
            "gross_cents": line.ledger.gross.cents, "refunds_cents": line.ledger.refunds.cents,
            "net_cents": line.ledger.net.cents, "pms_posted_net_cents": line.pms_posted_net.cents,
            "pms_waiting_net_cents": line.pms_waiting_net.cents,
        } for line in report.lines],
        "terminals": [{
            "terminal_id": t.terminal_id, "ledger_net_cents": t.ledger_net.cents,
            "ledger_count": t.ledger_count, "processor_net_cents": _cents(t.processor_net),
            "processor_count": t.processor_count, "batches": t.batches, "matches": t.matches,
        } for t in report.terminals],
        "drawers": [{"terminal_id": d.terminal_id, "cash_cents": d.cash.cents,
                     "checks_cents": d.checks.cents, "check_count": d.check_count}
                    for d in report.drawers],
        "mismatches": [{
            "code": m.code, "severity": m.severity, "subject": m.subject,
            "amount_cents": _cents(m.amount), "detail": m.detail, "action": m.action,
        } for m in report.mismatches],
    }


def report_csv(report: DayReport) -> str:
    """Sections in one file, each row starting with its section name (spreadsheet-friendly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "day", "timezone", "currency", "balanced"])
    writer.writerow(["report", report.day.isoformat(), report.timezone, report.currency,
                     "yes" if report.balanced else "no"])
    writer.writerow(["section", "method", "channel", "count", "gross", "refunds", "net",
                     "in_pms", "not_in_pms"])
    for line in report.lines:
        writer.writerow(["ledger", line.method, line.channel, line.ledger.count,
                         line.ledger.gross.to_decimal(), line.ledger.refunds.to_decimal(),
                         line.ledger.net.to_decimal(), line.pms_posted_net.to_decimal(),
                         line.pms_waiting_net.to_decimal()])
    writer.writerow(["total", "", "", report.total.count, report.total.gross.to_decimal(),
                     report.total.refunds.to_decimal(), report.total.net.to_decimal(),
                     report.pms_posted_net.to_decimal(),
                     (report.total.net - report.pms_posted_net).to_decimal()])
    writer.writerow(["section", "terminal", "ledger_count", "ledger_net", "processor_count",
                     "processor_net", "batches", "matches"])
    for t in report.terminals:
        writer.writerow(["processor", t.terminal_id, t.ledger_count, t.ledger_net.to_decimal(),
                         "" if t.processor_count is None else t.processor_count,
                         "" if t.processor_net is None else t.processor_net.to_decimal(),
                         t.batches, {True: "yes", False: "no", None: "no batch"}[t.matches]])
    writer.writerow(["section", "terminal", "cash", "checks", "check_count"])
    for d in report.drawers:
        writer.writerow(["drawer", d.terminal_id, d.cash.to_decimal(), d.checks.to_decimal(),
                         d.check_count])
    writer.writerow(["section", "severity", "code", "subject", "amount", "detail", "action"])
    for m in report.mismatches:
        writer.writerow(["mismatch", m.severity, m.code, m.subject,
                         "" if m.amount is None else m.amount.to_decimal(), m.detail,
                         m.action])
    return out.getvalue()
