"""The day's close (processor x ledger x PMS) and the dashboard's charts."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QWidget

from kiosk.counter.view import CounterScreen, CounterView
from ui.counter.base import CounterPage, button, money
from ui.texts import translate

if TYPE_CHECKING:
    from kiosk.counter.session import CounterSession


def _date_edit(page: CounterPage) -> QDateEdit:
    edit = QDateEdit(page)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDate(QDate.currentDate())
    edit.setAccessibleName(translate("Counter", "Day"))
    return edit


def _show_day(edit: QDateEdit, day: date) -> None:
    """The picker shows the clinic's day the report is for (not this PC's date)."""
    if not edit.hasFocus():
        edit.setDate(QDate(day.year, day.month, day.day))


def _day(edit: QDateEdit) -> date:
    picked = edit.date()
    return date(picked.year(), picked.month(), picked.day())


class DayClosePage(CounterPage):
    kind = CounterScreen.DAY_CLOSE

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.heading(translate("Counter", "Close the day"))
        self.day = _date_edit(self)
        self.row(self.day, button(translate("Counter", "Show"),
                                  lambda: self.session.open_day_close(_day(self.day)),
                                  name="show-day"),
                 button(translate("Counter", "Close this terminal's batch"),
                        self.session.close_batch, name="close-batch"),
                 button(translate("Counter", "Export CSV"), lambda: self._export("csv"),
                        name="export-csv"),
                 button(translate("Counter", "Export PDF"), lambda: self._export("pdf"),
                        name="export-pdf"))
        self.verdict = self.note("")
        self.verdict.setObjectName("day-verdict")
        self.lines = self.table([translate("Counter", "Method"), translate("Counter", "Channel"),
                                 translate("Counter", "Payments"), translate("Counter", "Gross"),
                                 translate("Counter", "Refunds"), translate("Counter", "Net"),
                                 translate("Counter", "In the PMS"),
                                 translate("Counter", "Not yet in the PMS")],
                                stretch=None, amounts=(3, 4, 5, 6, 7))
        self.terminals = self.table([translate("Counter", "Terminal"),
                                     translate("Counter", "Our ledger"),
                                     translate("Counter", "Processor"),
                                     translate("Counter", "Matches")], stretch=None,
                                    amounts=(1, 2))
        self.problems = self.table([translate("Counter", "Severity"),
                                    translate("Counter", "What"),
                                    translate("Counter", "Amount"),
                                    translate("Counter", "Detail"),
                                    translate("Counter", "What to do")], stretch=(3, 4),
                                   amounts=(2,))
        self.message = self.message_line()

    def _export(self, fmt: str) -> None:
        report_day = _day(self.day).isoformat()
        path, _ = QFileDialog.getSaveFileName(self, translate("Counter", "Export"),
                                              f"day-close-{report_day}.{fmt}")
        if path:
            self.session.export_report(fmt, path)

    def show_view(self, view: CounterView) -> None:
        report = view.report
        if report is None:
            return
        self.title.setText(translate("Counter", "Close the day: {day} ({tz})").format(
            day=report.day.isoformat(), tz=report.timezone))
        _show_day(self.day, report.day)
        self.verdict.setText(
            (translate("Counter", "Balanced.") if report.balanced
             else translate("Counter", "Not balanced: see below."))
            + "  " + translate("Counter", "Total net {net} in {count} payments.").format(
                net=money(report.total.net), count=report.total.count)
            + (f"  {translate('Counter', 'Saved to')} {view.exported_file}"
               if view.exported_file else ""))
        self.fill(self.lines, [[line.method, line.channel, line.ledger.count,
                                money(line.ledger.gross), money(line.ledger.refunds),
                                money(line.ledger.net), money(line.pms_posted_net),
                                money(line.pms_waiting_net)] for line in report.lines])
        self.fill(self.terminals, [[t.terminal_id, money(t.ledger_net),
                                    money(t.processor_net) if t.processor_net is not None
                                    else translate("Counter", "no batch closed"),
                                    {True: "yes", False: "NO", None: "—"}[t.matches]]
                                   for t in report.terminals])
        self.fill(self.problems, [[m.severity, m.subject, money(m.amount), m.detail, m.action]
                                  for m in report.mismatches])
        self.show_message(self.message, view)


class DashboardPage(CounterPage):
    kind = CounterScreen.DASHBOARD

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.heading(translate("Counter", "Today at a glance"))
        self.day = _date_edit(self)
        self.row(self.day, button(translate("Counter", "Show"),
                                  lambda: self.session.open_dashboard(_day(self.day)),
                                  name="show-dashboard"))
        self.summary = self.note("")
        self.hours = self._view()
        self.layout_.addWidget(self.hours, 2)
        charts = QHBoxLayout()
        self.methods = self._view()
        self.channels = self._view()
        charts.addWidget(self.methods)
        charts.addWidget(self.channels)
        self.layout_.addLayout(charts, 2)

    def _view(self) -> QChartView:
        view = QChartView(self)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(220)
        return view

    def show_view(self, view: CounterView) -> None:
        board = view.dashboard
        if board is None:
            return
        _show_day(self.day, board.day)
        self.title.setText(translate("Counter", "At a glance: {day} ({tz})").format(
            day=board.day.isoformat(), tz=board.timezone))
        self.summary.setText(translate("Counter", "Payments: {count}, {amount}. Refunds and "
                                                  "voids: {refunds}. In doubt: {doubt}.").format(
            count=board.payments.count, amount=money(board.payments.amount),
            refunds=board.refunds.count, doubt=board.in_doubt))
        hours = QChart()
        hours.setTitle(translate("Counter", "Payments by hour"))
        series = QBarSeries()
        methods = sorted({b.label for h in board.by_hour for b in h.by_method})
        for method in methods:
            bar = QBarSet(method)
            for hour in board.by_hour:
                bar.append(sum(b.count for b in hour.by_method if b.label == method))
            series.append(bar)
        hours.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([f"{h.hour:02d}" for h in board.by_hour])
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        top = max([sum(b.count for b in h.by_method) for h in board.by_hour] + [1])
        step = max(1, -(-top // 5))  # whole payments per grid line, at most about six lines
        axis_y.setRange(0, step * -(-top // step))
        axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_y.setTickAnchor(0)
        axis_y.setTickInterval(step)
        hours.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        hours.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        self.hours.setChart(hours)
        for target, buckets, title in ((self.methods, board.by_method,
                                        translate("Counter", "By method")),
                                       (self.channels, board.by_channel,
                                        translate("Counter", "By channel"))):
            chart = QChart()
            chart.setTitle(title)
            pie = QPieSeries()
            for bucket in buckets:
                if bucket.count:
                    pie.append(f"{bucket.label}: {bucket.amount.format()}",
                               bucket.amount.cents)  # proportions: whole cents
            pie.setLabelsVisible(True)
            chart.addSeries(pie)
            target.setChart(chart)
