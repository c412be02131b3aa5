"""Render every kiosk screen with demo data to PNG under docs/screenshots/.

Runs the real window offscreen against the real core (demo PMS, simulated
terminal and printer) in a temporary data folder, walking a patient through
the flow; transient screens (processing, the idle warning) are rendered from
the state the session would have at that moment.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--size 1280x800]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--prefix", default="kiosk")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_app
    from kiosk.config import load_config
    from kiosk.flow.jobs import InlineJobRunner
    from kiosk.flow.services import flow_for
    from kiosk.flow.session import KioskSession
    from kiosk.flow.view import Screen
    from kiosk.paths import bundled_config_dir
    from kiosk.secrets import SecretStore
    from ui.theme import apply_theme
    from ui.window import KioskWindow

    data = Path(tempfile.mkdtemp(prefix="clinicpay-shots-"))
    environ = {"KIOSK_DATA_DIR": str(data), "KIOSK_PMS__DEMO__LATENCY_MS": "0",
               "KIOSK_TERMINAL__SIMULATED__STEP_DELAY_MS": "0"}
    config = load_config(bundled_config_dir() / "demo.toml", environ=environ)
    app = build_app(config, SecretStore({"KIOSK_SECRET_AUDIT_KEY": "screenshots-key-0123456789"},
                                        use_keyring=False))
    qt = QApplication.instance() or QApplication([])
    apply_theme(qt)  # type: ignore[arg-type]
    services, settings = flow_for(app)
    session = KioskSession(services, settings, InlineJobRunner())
    window = KioskWindow(session, config.clinic.name, config.is_demo)
    window.build_screens()
    window.resize(width, height)
    window.show()
    session.subscribe(window.show_state)
    shots: list[str] = []

    def shot(name: str) -> None:
        qt.processEvents()
        path = out / f"{args.prefix}-{len(shots) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        shots.append(str(path))

    window.show_state(replace(session.state, screen=Screen.STARTING))
    shot("starting")
    session.ready()
    shot("attract")
    session.start()
    for letter in "NUNEZ":
        session.type_letter(letter)
    shot("name")
    session.submit_name()
    for digit in "0704":
        session.type_date_digit(digit)
    shot("birthdate")
    for digit in "1972":
        session.type_date_digit(digit)
    session.submit_birthdate()
    shot("statement-hidden")
    session.show_amounts()
    shot("statement")
    session.pay()
    shot("amount")
    session.choose_other()
    for digit in "5000":
        session.type_amount_digit(digit)
    shot("other-amount")
    session.submit_other_amount()
    shot("method")
    window.show_state(replace(session.state, screen=Screen.PROCESSING, progress="present_card"))
    shot("processing")
    window.show_state(replace(session.state, screen=Screen.PHONE,
                              qr_url="https://pay.example.org/c/cs_demo_a1b2c3d4e5f6",
                              phone_left_s=587))
    shot("phone")
    window.show_state(replace(session.state, screen=Screen.METHOD, methods=(), offline=True,
                              portal_url=config.clinic.portal_url))
    shot("method-offline")
    session.choose_method("card")
    shot("approved")
    session.to_receipt()
    shot("receipt-offer")
    session.send_receipt("email")
    for character in "jose.nunez@example.org":
        session.type_address(character)
    shot("send-receipt")
    session.submit_address()
    shot("confirm-send")
    session.confirm_send()
    session.print_receipt()
    shot("receipt-printed")
    session.no_receipt()
    shot("thank-you")
    window.show_state(replace(session.state, screen=Screen.STATEMENT, idle_warning_s=14))
    # the same statement again with the idle warning over it
    session.finish()
    session.start()
    for letter in "GARCIA":
        session.type_letter(letter)
    session.submit_name()
    for digit in "03141985":
        session.type_date_digit(digit)
    session.submit_birthdate()
    shot("more")
    session.type_answer_digit("6")
    window.show_state(replace(session.state, idle_warning_s=14))
    shot("idle-warning")
    session.finish()
    session.start()
    for letter in "NOBODY":
        session.type_letter(letter)
    session.submit_name()
    for digit in "01012000":
        session.type_date_digit(digit)
    session.submit_birthdate()
    shot("not-found")
    session.finish()
    # a declined card
    app.terminal.script = ("decline",)  # type: ignore[attr-defined]
    session.start()
    for letter in "OBRIEN":
        session.type_letter(letter)
    session.submit_name()
    for digit in "11301990":
        session.type_date_digit(digit)
    session.submit_birthdate()
    session.pay()
    session.choose_full()
    session.choose_method("card")
    shot("declined")
    session.finish()
    session.out_of_service("terminal")
    shot("out-of-service")
    app.close()
    for path in shots:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
