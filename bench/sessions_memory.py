"""Memory growth over 1,000 scripted kiosk sessions in the real window (offscreen).

Each session: touch to start, type the name, the birth date, see the statement,
pay a small amount by card, print the receipt, finish. RSS is read after a
warm-up of 50 sessions and again at the end; the growth must stay <= 5 MB.

    .venv/bin/python bench/sessions_memory.py [--sessions 1000]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_app
    from kiosk.config import load_config
    from kiosk.flow.jobs import ThreadJobRunner
    from kiosk.flow.services import flow_for
    from kiosk.flow.session import KioskSession
    from kiosk.flow.view import Screen
    from kiosk.paths import bundled_config_dir
    from kiosk.secrets import SecretStore
    from ui.bridge import SessionBridge
    from ui.theme import apply_theme
    from ui.window import KioskWindow

    data = tempfile.mkdtemp(prefix="clinicpay-mem-")
    config = load_config(bundled_config_dir() / "demo.toml", environ={
        "KIOSK_DATA_DIR": data, "KIOSK_PMS__DEMO__LATENCY_MS": "0",
        "KIOSK_TERMINAL__SIMULATED__STEP_DELAY_MS": "0", "KIOSK_CLINIC__ALLOW_COPAY": "true"})
    app = build_app(config, SecretStore({"KIOSK_SECRET_AUDIT_KEY": "bench-key-0123456789abcdef"},
                                        use_keyring=False))
    qt = QApplication.instance() or QApplication([])
    apply_theme(qt)  # type: ignore[arg-type]
    services, settings = flow_for(app)
    runner = ThreadJobRunner()
    session = KioskSession(services, settings, runner)
    window = KioskWindow(session, config.clinic.name, config.is_demo)
    window.build_screens()
    window.resize(1280, 800)
    window.show()
    bridge = SessionBridge()
    bridge.changed.connect(window.show_state)
    bridge.attach(session)
    session.ready()

    def settle(screen: Screen) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            runner.idle(5)
            qt.processEvents()
            state = session.state
            if state.screen is screen and not state.busy:
                return
        raise RuntimeError(f"stuck before {screen} on {session.state.screen}: "
                           f"{session.state.message!r}")

    def one_session() -> None:
        session.start()
        for letter in "CHEN":
            session.type_letter(letter)
        session.submit_name()
        for digit in "02201955":
            session.type_date_digit(digit)
        session.submit_birthdate()
        settle(Screen.STATEMENT)
        session.pay()
        session.choose_copay()
        for digit in "1000":
            session.type_amount_digit(digit)
        session.submit_other_amount()
        settle(Screen.METHOD)  # the amount is checked against the ledger off the GUI thread
        session.choose_method("card")
        settle(Screen.RESULT)
        session.to_receipt()
        session.print_receipt()
        settle(Screen.RECEIPT)
        session.no_receipt()
        session.finish()
        settle(Screen.ATTRACT)

    started = time.monotonic()
    for _ in range(args.warmup):
        one_session()
    gc.collect()
    before = rss_mb()
    for _ in range(args.sessions):
        one_session()
    gc.collect()
    after = rss_mb()
    elapsed = time.monotonic() - started
    runner.close()
    app.close()
    growth = after - before
    print(f"{args.sessions} kiosk sessions in {elapsed:.0f} s "
          f"({1000 * elapsed / (args.sessions + args.warmup):.0f} ms each): RSS "
          f"{before:.1f} MB after warm-up, {after:.1f} MB at the end, growth {growth:+.1f} MB "
          f"(target <= 5 MB) {'ok' if growth <= 5 else 'OVER'}")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can crash while finalizing at exit


if __name__ == "__main__":
    raise SystemExit(main())
