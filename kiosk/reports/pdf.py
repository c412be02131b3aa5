"""The day-close report as a PDF, with fpdf2: pure Python, no browser, no system library.

It holds figures, ids and actions, never a patient's name. DejaVu Sans is
embedded when the system has it (any currency symbol prints); otherwise the
PDF core font is used and characters outside Latin-1 are replaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kiosk.reports.close import DayReport
from kiosk.reports.dashboard import Dashboard

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
             "/usr/local/share/fonts", "C:/Windows/Fonts")
INK = (33, 37, 41)
MUTED = (108, 117, 125)
ACCENT = (13, 110, 253)
SEVERITY_COLOUR = {"error": (176, 0, 32), "warning": (178, 106, 0), "info": (90, 98, 104)}
METHOD_COLOUR = {"card": (13, 110, 253), "cash": (25, 135, 84), "check": (111, 66, 193),
                 "phone": (253, 126, 20)}


class _Pdf(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.title_text = title
        self.family = "Helvetica"
        for folder in FONT_DIRS:
            regular, bold = Path(folder) / "DejaVuSans.ttf", Path(folder) / "DejaVuSans-Bold.ttf"
            if regular.exists() and bold.exists():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                self.family = "DejaVu"
                break
        self.set_auto_page_break(True, margin=15)
        self.set_margins(14, 14, 14)

    def text_safe(self, text: str) -> str:
        if self.family == "DejaVu":
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-11)
        self.font(7, colour=MUTED)
        self.cell(0, 5, self.text_safe(f"{self.title_text}  -  page {self.page_no()}"),
                  align="C")

    def font(self, size: float, bold: bool = False,
             colour: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def row(self, widths: Sequence[float], values: Sequence[str], bold: bool = False,
            fill: bool = False, aligns: str = "") -> None:
        self.font(8.5, bold)
        if fill:
            self.set_fill_color(238, 241, 245)
        for index, (width, value) in enumerate(zip(widths, values, strict=True)):
            align = aligns[index] if index < len(aligns) else "L"
            self.cell(width, 6, self.text_safe(value), border="B", align=align, fill=fill,
                      new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.ln(6)

    def heading(self, text: str) -> None:
        self.ln(3)
        self.font(11, True, ACCENT)
        self.cell(0, 7, self.text_safe(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def write_pdf(report: DayReport, board: Dashboard, path: Path) -> Path:
    title = f"{report.clinic_name} - day close {report.day.isoformat()}"
    pdf = _Pdf(title)
    pdf.set_title(title)
    pdf.set_creator("ClinicPay Kiosk")
    pdf.add_page()
    pdf.font(16, True)
    pdf.cell(0, 9, pdf.text_safe(report.clinic_name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(11)
    pdf.cell(0, 6, pdf.text_safe(
        f"End-of-day reconciliation for {report.day:%A, %B %d, %Y} ({report.timezone})"),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(8, colour=MUTED)
    pdf.cell(0, 5, pdf.text_safe(
        f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC - all amounts in "
        f"{report.currency}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    errors = sum(1 for m in report.mismatches if m.severity == "error")
    warnings = sum(1 for m in report.mismatches if m.severity == "warning")
    pdf.ln(2)
    if report.balanced:
        pdf.font(12, True, (25, 135, 84))
        pdf.cell(0, 8, "BALANCED: ledger, PMS and processor agree",
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.font(12, True, SEVERITY_COLOUR["error"] if errors else SEVERITY_COLOUR["warning"])
        pdf.cell(0, 8, pdf.text_safe(
            f"NOT BALANCED: {errors} to fix, {warnings} waiting - see the list below"),
            new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.heading("Payments by method and channel (ledger vs PMS)")
    widths = [24, 24, 16, 24, 24, 24, 24, 24]
    pdf.row(widths, ["Method", "Channel", "Count", "Taken", "Refunded", "Net", "In PMS",
                     "Not in PMS"], bold=True, fill=True, aligns="LLRRRRRR")
    for line in report.lines:
        pdf.row(widths, [line.method, line.channel, str(line.ledger.count),
                         line.ledger.gross.format(), line.ledger.refunds.format(),
                         line.ledger.net.format(), line.pms_posted_net.format(),
                         line.pms_waiting_net.format()], aligns="LLRRRRRR")
    pdf.row(widths, ["Total", "", str(report.total.count), report.total.gross.format(),
                     report.total.refunds.format(), report.total.net.format(),
                     report.pms_posted_net.format(),
                     (report.total.net - report.pms_posted_net).format()],
            bold=True, aligns="LLRRRRRR")

    pdf.heading("Card terminals (ledger vs processor batch)")
    widths = [46, 22, 30, 22, 30, 34]
    pdf.row(widths, ["Terminal", "Sales", "Ledger net", "Batch sales", "Batch net", "Result"],
            bold=True, fill=True, aligns="LRRRRL")
    for t in report.terminals:
        pdf.row(widths, [t.terminal_id, str(t.ledger_count), t.ledger_net.format(),
                         "-" if t.processor_count is None else str(t.processor_count),
                         "-" if t.processor_net is None else t.processor_net.format(),
                         {True: "matches", False: "DIFFERS", None: "no batch closed"}[
                             t.matches]], aligns="LRRRRL")
    if report.drawers:
        pdf.heading("Counter drawers")
        widths = [46, 34, 34, 30]
        pdf.row(widths, ["Counter", "Cash expected", "Checks", "Check count"], bold=True,
                fill=True, aligns="LRRR")
        for d in report.drawers:
            pdf.row(widths, [d.terminal_id, d.cash.format(), d.checks.format(),
                             str(d.check_count)], aligns="LRRR")

    _chart(pdf, board)

    pdf.heading(f"Differences and what to do ({len(report.mismatches)})")
    if not report.mismatches:
        pdf.font(9)
        pdf.cell(0, 6, "None.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for mismatch in report.mismatches:
        if pdf.get_y() > pdf.h - pdf.b_margin - 18:  # keep an item and its action together
            pdf.add_page()
        pdf.font(8.5, True, SEVERITY_COLOUR.get(mismatch.severity, INK))
        amount = f"  {mismatch.amount.format()}" if mismatch.amount is not None else ""
        pdf.cell(0, 5, pdf.text_safe(f"{mismatch.severity.upper()}  {mismatch.code}  "
                                     f"{mismatch.subject}{amount}"),
                 new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.font(8.5)
        pdf.multi_cell(0, 4.5, pdf.text_safe(f"{mismatch.detail}. To do: {mismatch.action}."),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _chart(pdf: _Pdf, board: Dashboard) -> None:
    """Payments by hour, stacked by method: a chart drawn with rectangles."""
    hours = [b for b in board.by_hour if b.count] or list(board.by_hour[8:18])
    first, last = min(b.hour for b in hours), max(b.hour for b in hours)
    shown = [b for b in board.by_hour if first <= b.hour <= last]
    if pdf.get_y() > 200:
        pdf.add_page()
    pdf.heading("Payments by hour (amount taken, by method)")
    top, height, left, width = pdf.get_y() + 2, 42.0, pdf.l_margin + 14, 160.0
    peak = max((b.amount.cents for b in shown), default=0) or 1
    slot = width / len(shown)
    pdf.set_draw_color(*MUTED)
    pdf.line(left, top + height, left + width, top + height)
    pdf.font(7, colour=MUTED)
    pdf.set_xy(pdf.l_margin, top - 1)
    pdf.cell(14, 4, pdf.text_safe(max(shown, key=lambda b: b.amount.cents).amount.format()
                                  if peak > 1 else "0"))
    for index, bucket in enumerate(shown):
        x = left + index * slot + slot * 0.15
        y = top + height
        for part in bucket.by_method:
            if not part.amount.cents:
                continue
            bar = height * part.amount.cents / peak
            pdf.set_fill_color(*METHOD_COLOUR.get(part.label, MUTED))
            pdf.rect(x, y - bar, slot * 0.7, bar, style="F")
            y -= bar
        pdf.set_xy(left + index * slot, top + height + 1)
        pdf.font(7, colour=MUTED)
        pdf.cell(slot, 4, f"{bucket.hour:02d}", align="C")
    pdf.set_xy(left, top + height + 6)
    for label, colour in METHOD_COLOUR.items():
        pdf.set_fill_color(*colour)
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 3, 3, style="F")
        pdf.set_x(pdf.get_x() + 4)
        pdf.font(7.5)
        total = next((b for b in board.by_method if b.label == label), None)
        text = f"{label} {total.count} / {total.amount.format()}" if total else label
        pdf.cell(36, 5, pdf.text_safe(text), new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.ln(8)
