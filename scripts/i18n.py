"""Translations: collect the UI's strings into assets/i18n/*.ts and build the .qm files.

    .venv/bin/python scripts/i18n.py           # update the .ts sources, then build .qm
    .venv/bin/python scripts/i18n.py --release # only build .qm from the .ts (what setup runs)

Strings are found by pyside6-lupdate in ``translate("Context", "text")`` calls
under ui/; translators edit the .ts files (Qt Linguist, or by hand); the kiosk
loads the compiled .qm files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "assets" / "i18n"
LANGUAGES = ("es",)


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    for language in LANGUAGES:
        target = I18N / f"clinicpay_{language}.ts"
        subprocess.run([tool("pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(target)],
                       cwd=ROOT, check=True)


def release() -> None:
    for source in sorted(I18N.glob("clinicpay_*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)],
                       cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--release", action="store_true", help="only build the .qm files")
    args = parser.parse_args()
    if not args.release:
        update()
    release()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
