"""Start-up against a bare PySide6 window, measured in the same run (ratios, not seconds).

Each round runs the bare window (bench/bare_window.py) and ``kiosk run --smoke``
(demo config, a fresh data folder the first time, then an existing one), both
offscreen, and reads their JSON. Medians over the rounds:

    first paint   target <= 1.3x the bare window
    ready         target <= 4x   the bare window's paint
    peak memory   target <= 2.5x the bare window

    .venv/bin/python bench/startup.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(command: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="clinicpay-bench-")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=data)
    # A deployed kiosk (the PyInstaller bundle, or any install after its first start) runs
    # from bytecode; with PYTHONDONTWRITEBYTECODE set (as on some CI images) our modules
    # would be compiled from source at every start and the figures would measure that.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "kiosk", "ui", "devices"],
                   cwd=ROOT, check=True)
    bare_cmd = [sys.executable, "bench/bare_window.py"]
    kiosk_cmd = [sys.executable, "-m", "kiosk", "run", "--smoke", "--config", "config/demo.toml"]
    run(kiosk_cmd, env)  # first start creates the demo clinic and migrates: not measured
    bare, kiosk = [], []
    for _ in range(args.rounds):
        bare.append(run(bare_cmd, env))
        kiosk.append(run(kiosk_cmd, env))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    bare_paint, bare_rss = median(bare, "first_paint_s"), median(bare, "peak_rss_mb")
    paint, ready, rss = (median(kiosk, k) for k in ("first_paint_s", "ready_s", "peak_rss_mb"))
    rows = [
        ("first paint", f"{paint:.3f} s", f"{bare_paint:.3f} s", paint / bare_paint, 1.3),
        ("ready", f"{ready:.3f} s", f"{bare_paint:.3f} s", ready / bare_paint, 4.0),
        ("peak memory", f"{rss:.1f} MB", f"{bare_rss:.1f} MB", rss / bare_rss, 2.5),
    ]
    print(f"startup, median of {args.rounds} rounds (kiosk vs bare PySide6 window)")
    for name, ours, theirs, ratio, target in rows:
        verdict = "ok" if ratio <= target else "OVER"
        print(f"  {name:<12} {ours:>10}  vs {theirs:>10}  = {ratio:4.2f}x  "
              f"(target <= {target}x) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
