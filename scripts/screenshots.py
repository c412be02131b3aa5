"""Render every kiosk screen with demo data to PNG under docs/screenshots/.

Runs the real window offscreen against the real core (demo PMS, simulated
terminal and printer) in a temporary data folder, walking a patient through
every screen (ui/tour.py).

    .venv/bin/python scripts/screenshots.py                      # English, default theme
    .venv/bin/python scripts/screenshots.py --language es --prefix kiosk-es
    .venv/bin/python scripts/screenshots.py --large-text --prefix kiosk-large
    .venv/bin/python scripts/screenshots.py --high-contrast --prefix kiosk-contrast
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--prefix", default="kiosk")
    parser.add_argument("--language", default="en", choices=("en", "es"))
    parser.add_argument("--large-text", action="store_true")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument("--only", nargs="*", default=None, help="screen names to keep")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from devices.speech import TranscriptSpeaker
    from kiosk.app import build_app
    from kiosk.config import load_config
    from kiosk.flow.jobs import InlineJobRunner
    from kiosk.flow.services import flow_for
    from kiosk.flow.session import KioskSession
    from kiosk.paths import bundled_config_dir
    from kiosk.secrets import SecretStore
    from ui.assemble import attach
    from ui.receipt_labels import receipt_labels
    from ui.theme import apply_theme
    from ui.tour import tour
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
    services.receipt_labels = receipt_labels
    session = KioskSession(services, settings, InlineJobRunner())
    window = KioskWindow(session, config.clinic.name, config.is_demo)
    window.build_screens()
    window.resize(width, height)
    window.show()
    front = attach(window, session, TranscriptSpeaker(), config.accessibility)
    shots: list[str] = []

    def prefs() -> None:
        session.set_language(args.language)
        if args.large_text:
            session.toggle_large_text()
        if args.high_contrast:
            session.toggle_high_contrast()

    def visit(name: str) -> None:
        if args.only is not None and name not in args.only:
            return
        path = out / f"{args.prefix}-{len(shots) + 1:02d}-{name}.png"
        window.grab().save(str(path))
        shots.append(str(path))

    tour(session, window, visit, prefs, config.clinic.portal_url)
    front.close()
    app.close()
    for path in shots:
        print(path)
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown: PySide6 can crash while finalizing at exit


if __name__ == "__main__":
    raise SystemExit(main())
