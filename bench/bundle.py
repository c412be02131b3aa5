"""The one-folder bundle: build time, size, and start-up next to the source tree's.

Builds the bundle with the project's command (scripts/build-bundle), then runs
``kiosk run --smoke`` alternately from the source tree (``python -m kiosk``) and
from the bundle, offscreen, against the demo config in one fresh data folder
(the first start of each creates the demo clinic and is not counted). Prints
medians and the bundle/source ratio for first paint, ready and peak memory.

    .venv/bin/python bench/bundle.py [--rounds 7] [--bundle DIR (skip the build)]

There is no target: this records what a kiosk pays for running from the bundle
(a frozen importer, bundled libraries) against running from a virtualenv.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def smoke(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build(where: Path) -> tuple[Path, float, int]:
    started = time.monotonic()
    done = subprocess.run([str(ROOT / "scripts" / "build-bundle"), "--dist", str(where / "dist"),
                           "--work", str(where / "work"), "--no-tar"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800, check=True)
    elapsed = time.monotonic() - started
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    return Path(facts["bundle"]), elapsed, int(facts["size_mb"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--bundle", type=Path, help="an existing bundle folder (no build)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="clinicpay-bundle-bench-"))
    if args.bundle:
        bundle, build_s = args.bundle, float("nan")
        size_mb = int(sum(p.stat().st_size for p in bundle.rglob("*")
                          if p.is_file() and not p.is_symlink()) / 1e6)
    else:
        bundle, build_s, size_mb = build(scratch)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(QT_QPA_PLATFORM="offscreen", KIOSK_DATA_DIR=str(scratch / "data"),
               KIOSK_SITE_CONFIG_DIR=str(scratch / "no-site-config"))
    config = str(ROOT / "config" / "demo.toml")
    source_cmd = [sys.executable, "-m", "kiosk", "run", "--smoke", "--config", config]
    bundle_cmd = [str(bundle / "kiosk"), "run", "--smoke", "--config", config]
    smoke(source_cmd, env, ROOT)  # creates the demo clinic and migrates: not measured
    smoke(bundle_cmd, env, scratch)
    source, frozen = [], []
    for _ in range(args.rounds):
        source.append(smoke(source_cmd, env, ROOT))
        frozen.append(smoke(bundle_cmd, env, scratch))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    shutil.rmtree(scratch, ignore_errors=True)
    print(f"bundle {bundle if args.bundle else '(built in a temporary folder, removed)'}")
    print(f"  size        {size_mb} MB (one folder; du of the tree)")
    print(f"  build       {build_s:.1f} s (scripts/build-bundle --no-tar, clean)")
    print(f"start-up, median of {args.rounds} rounds, offscreen, demo config "
          "(bundle vs source tree)")
    for key, unit in (("first_paint_s", "s"), ("ready_s", "s"), ("peak_rss_mb", "MB")):
        ours, theirs = median(frozen, key), median(source, key)
        print(f"  {key:<14} {ours:8.3f} {unit:<2} vs {theirs:8.3f} {unit:<2} = "
              f"{ours / theirs:4.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
