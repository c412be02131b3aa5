"""The core never imports Qt: every module of kiosk/ imported in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    modules = []
    for path in sorted((REPO / "kiosk").rglob("*.py")):
        relative = path.relative_to(REPO).with_suffix("")
        if "migrations" in relative.parts or relative.name == "__main__":
            continue  # Alembic scripts run inside Alembic; __main__ runs the CLI
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules.append(".".join(parts))
    return modules


def test_kiosk_never_imports_pyside6() -> None:
    modules = core_modules()
    assert len(modules) > 30
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               cwd=REPO, check=True)
    assert json.loads(completed.stdout) == []


def test_pyside6_is_installed_so_the_check_means_something() -> None:
    completed = subprocess.run([sys.executable, "-c", "import PySide6; print('ok')"],
                               capture_output=True, text=True, check=False)
    assert completed.stdout.strip() == "ok"


def test_pyinstaller_spec_is_valid_python() -> None:
    source = (REPO / "pyinstaller.spec").read_text()
    compile(source, "pyinstaller.spec", "exec")
    for needed in ("Analysis(", "COLLECT(", "kiosk", "config", "migrations"):
        assert needed in source


def test_layout_is_the_agreed_one() -> None:
    for name in ("kiosk", "ui", "devices", "assets", "config", "tests", "pyinstaller.spec",
                 "pyproject.toml", "README.md"):
        assert (REPO / name).exists(), name
