"""Render every counter screen with demo data to PNG under docs/screenshots/.

Runs the real counter window offscreen against the real core (demo PMS,
simulated terminal and printer, the demo staff accounts) in a temporary data
folder, doing what a receptionist does: sign in, find a patient, take cash
and a card, refund with a supervisor, look at the postings, kiosks, the day
close, the dashboard and an import, then lock the screen.

    .venv/bin/python scripts/counter_screenshots.py
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OLD_PAYMENTS = [
    ["external_id", "occurred_at", "patient_id", "display_name", "amount", "method",
     "channel", "status", "refunded_amount", "card_brand", "card_last4", "auth_code",
     "processor_ref", "check_number", "in_pms"],
    ["OLD-1", "2025-06-02T09:15:00", "P000001", "Maria G.", "125.00", "card", "counter",
     "captured", "", "visa", "4242", "A1B2C3", "ch_1", "", "yes"],
    ["OLD-2", "2025-06-02T10:40:00", "P000002", "José N.", "40", "cash", "counter",
     "", "", "", "", "", "", "", "yes"],
    ["OLD-3", "2025-06-02T11:05:00", "P000003", "Ana G.", "sixty", "check", "counter",
     "", "", "", "", "", "", "1042", "no"],
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--prefix", default="counter")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication, QRadioButton

    from kiosk.app import build_app
    from kiosk.config import load_config
    from kiosk.counter.services import DEMO_PASSWORD, counter_for
    from kiosk.counter.session import CounterSession
    from kiosk.counter.view import CounterScreen
    from kiosk.domain.money import Money
    from kiosk.flow.jobs import InlineJobRunner
    from kiosk.paths import bundled_config_dir
    from kiosk.secrets import SecretStore
    from kiosk.staff.passwords import Passwords
    from ui.counter.window import CounterWindow
    from ui.theme import apply_counter_theme

    data = Path(tempfile.mkdtemp(prefix="clinicpay-counter-shots-"))
    environ = {"KIOSK_DATA_DIR": str(data), "KIOSK_PMS__DEMO__LATENCY_MS": "0",
               "KIOSK_TERMINAL__SIMULATED__STEP_DELAY_MS": "0",
               "KIOSK_TERMINAL_ID": "counter-1", "KIOSK_CHANNEL": "counter"}
    config = load_config(bundled_config_dir() / "demo.toml", environ=environ)
    app = build_app(config, SecretStore({"KIOSK_SECRET_AUDIT_KEY": "screenshots-key-0123456789"},
                                        use_keyring=False))
    qt = QApplication.instance() or QApplication([])
    apply_counter_theme(qt)  # type: ignore[arg-type]
    services = counter_for(app, Passwords(time_cost=1, memory_kib=8192, parallelism=1))
    session = CounterSession(services, InlineJobRunner())
    window = CounterWindow(session, config.clinic.name, config.is_demo)
    session.subscribe(window.show_view)
    window.resize(width, height)
    window.show()
    shots: list[str] = []

    def visit(name: str) -> None:
        qt.processEvents()
        path = out / f"{args.prefix}-{len(shots) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        shots.append(str(path))

    def page() -> Any:
        return window.stack.currentWidget()

    session.start()
    visit("sign-in")
    session.sign_in("reception", DEMO_PASSWORD)
    session.search_by_name("Nunez", date(1972, 7, 4))
    page().family.setText("Nunez")
    page().birthdate.setDate(QDate(1972, 7, 4))
    visit("search")
    session.open_patient(0)
    visit("statement")
    session.pay()
    session.choose_method("cash")
    session.set_amount(5000)
    session.set_cash_given(6000)
    for radio in page().findChildren(QRadioButton):
        radio.setChecked(radio.objectName() == "method-cash")
    visit("tender-cash")
    session.submit_tender()
    visit("result-cash")
    session.pay()
    session.choose_method("card")
    session.set_amount(4000)
    # The inline runner finishes a sale at once; the screen during one is the state
    # the session shows while the terminal waits for the card.
    window.show_view(replace(session.state, screen=CounterScreen.PROCESSING,
                             progress="present_card"))
    visit("card-on-terminal")
    session.submit_tender()
    session.print_receipt()
    visit("result-card")
    payment_id = session.state.result.payment_id if session.state.result else ""
    session.open_refund(payment_id)
    session.set_refund(cents=1500)
    visit("refund")
    session.approve_refund("supervisor", DEMO_PASSWORD)
    visit("refund-approved")
    # A posting the PMS refuses: the demo PMS's closed account.
    session.search_by_name("Wright", date(1949, 12, 1))
    session.open_patient(0)
    session.pay()
    session.choose_method("cash")
    session.set_amount(1000)
    session.set_cash_given(1000)
    session.submit_tender()
    app.sync.drain_once()
    session.open_queue()
    visit("postings")
    from datetime import timedelta

    from kiosk.counter.takeover import SessionBoard

    earlier = SessionBoard(app.ledger, clock=lambda: app.ledger.clock() - timedelta(minutes=6))
    earlier.publish("kiosk-lobby", "shot-1", "statement", "P000007", "Dana K.",
                    Money(8450, "USD"))  # a patient who walked away six minutes ago: stuck
    services.board.publish("kiosk-2", "shot-2", "paying", "P000011", "Lee M.",
                           Money(2000, "USD"))
    session.open_kiosks()
    visit("kiosks")
    session.sign_out()
    session.sign_in("admin", DEMO_PASSWORD)
    session.open_day_close()
    visit("day-close")
    session.open_dashboard()
    visit("dashboard")
    old = data / "old-payments.csv"
    with old.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(OLD_PAYMENTS)
    session.open_import()
    page().path.setText(str(old))
    session.import_file(str(old), dry_run=True)
    visit("import-report")
    session.lock_now()
    visit("locked")
    app.close()
    for path in shots:
        print(path)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can crash while finalizing at exit


if __name__ == "__main__":
    raise SystemExit(main())
