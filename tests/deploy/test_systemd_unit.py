"""The Linux deployment files: unit files checked by systemd itself, the installer's layout.

What cannot run here: systemd as PID 1 (starting the units), a seat for cage, apt and
useradd in install.sh. Those parts are documented as untested in docs/deploy.md.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINUX = REPO / "scripts" / "deploy" / "linux"
needs_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (Debian package systemd), so the unit files "
           "cannot be checked here")


def settings(unit: Path) -> dict[str, list[str]]:
    """KEY -> values (a key may repeat), from a unit file."""
    found: dict[str, list[str]] = {}
    for line in unit.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith(("#", ";", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def verify(*units: Path) -> None:
    done = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True,
                          text=True, timeout=60, check=False)
    # verify exits 0 for unknown keys and unparsable values, but says so: any output fails
    assert done.returncode == 0 and not done.stderr.strip() and not done.stdout.strip(), \
        done.stdout + done.stderr


@needs_analyze
@pytest.mark.skipif(shutil.which("cage") is None,
                    reason="cage is not installed (./scripts/test installs it): systemd-analyze "
                           "verify refuses a unit whose program is missing")
def test_the_kiosk_unit_is_valid_as_shipped() -> None:
    unit = LINUX / "clinicpay-kiosk.service"
    verify(unit)
    found = settings(unit)
    assert found["Type"] == ["notify"] and found["NotifyAccess"] == ["all"]
    assert found["Restart"] == ["always"] and found["StartLimitIntervalSec"] == ["0"]
    assert found["WatchdogSec"] == ["60"]
    assert found["User"] == ["clinicpay"]  # cage refuses root
    command = found["ExecStart"][0].split()
    assert command[0] == "/usr/bin/cage" and "-s" not in command  # no VT switching
    assert command[command.index("--") + 1:] == ["/opt/clinicpay-kiosk/kiosk", "run",
                                                 "--mode", "kiosk"]
    assert "audit_key:/etc/credstore.encrypted/audit_key" in found["LoadCredentialEncrypted"]


@needs_analyze
def test_the_reminder_units_are_valid(tmp_path: Path) -> None:
    """Checked with the venv's ``kiosk`` standing in for /opt/clinicpay-kiosk/kiosk
    (verify refuses a unit whose program is missing; the bundle test checks the real one)."""
    kiosk = Path(sys.executable).parent / "kiosk"
    for name in ("clinicpay-reminders.service", "clinicpay-reminders.timer"):
        text = (LINUX / name).read_text().replace("/opt/clinicpay-kiosk/kiosk", str(kiosk))
        (tmp_path / name).write_text(text)
    verify(tmp_path / "clinicpay-reminders.service", tmp_path / "clinicpay-reminders.timer")


def test_the_installer_lays_out_versions_and_rolls_back(tmp_path: Path) -> None:
    """install.sh --root --no-system with two fake bundles: links, units, rollback."""
    root = tmp_path / "root"

    def bundle(version: str) -> Path:
        folder = tmp_path / f"bundle-{version}" / "clinicpay-kiosk"
        if folder.exists():
            return folder
        shutil.copytree(LINUX, folder / "deploy" / "linux")
        kiosk = folder / "kiosk"
        kiosk.write_text(f"#!/bin/sh\necho clinicpay-kiosk {version}\n")
        kiosk.chmod(0o755)
        return folder

    def install(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(folder / "deploy" / "linux" / "install.sh"), "--root",
                               str(root), "--no-system", *extra], capture_output=True, text=True,
                              timeout=60, check=False)

    first = install(bundle("1.0.0"))
    assert first.returncode == 0, first.stderr
    opt = root / "opt"
    assert os.readlink(opt / "clinicpay-kiosk") == "clinicpay-kiosk-1.0.0"
    assert (root / "etc/systemd/system/clinicpay-kiosk.service").read_text() == \
        (LINUX / "clinicpay-kiosk.service").read_text()
    assert os.readlink(root / "usr/local/bin/kiosk") == "/opt/clinicpay-kiosk/kiosk"
    assert os.access(root / "usr/local/sbin/kiosk-admin", os.X_OK)
    assert (root / "etc/xdg/clinicpay-kiosk").is_dir()
    assert oct((root / "etc/credstore.encrypted").stat().st_mode & 0o777) == "0o700"
    second = install(bundle("1.1.0"))
    assert second.returncode == 0, second.stderr
    assert os.readlink(opt / "clinicpay-kiosk") == "clinicpay-kiosk-1.1.0"
    assert os.readlink(opt / "clinicpay-kiosk.previous") == "clinicpay-kiosk-1.0.0"
    back = install(bundle("1.1.0"), "--rollback")
    assert back.returncode == 0, back.stderr
    assert os.readlink(opt / "clinicpay-kiosk") == "clinicpay-kiosk-1.0.0"
    assert os.readlink(opt / "clinicpay-kiosk.previous") == "clinicpay-kiosk-1.1.0"
    assert sorted(p.name for p in opt.iterdir()) == [
        "clinicpay-kiosk", "clinicpay-kiosk-1.0.0", "clinicpay-kiosk-1.1.0",
        "clinicpay-kiosk.previous"]


def test_kiosk_admin_passes_every_sealed_credential(tmp_path: Path) -> None:
    credstore = tmp_path / "credstore"
    credstore.mkdir()
    for name in ("audit_key", "data_key", "zvt_password"):
        (credstore / name).write_bytes(b"sealed")
    done = subprocess.run(["bash", str(LINUX / "kiosk-admin"), "doctor", "--json"],
                          env=dict(os.environ, KIOSK_ADMIN_DRY_RUN="1", CREDSTORE=str(credstore)),
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    line = done.stdout
    assert line.startswith("systemd-run ") and "--property=User=clinicpay" in line
    for name in ("audit_key", "data_key", "zvt_password"):
        assert f"--property=LoadCredentialEncrypted={name}:{credstore / name}" in line
    assert line.rstrip().endswith("/opt/clinicpay-kiosk/kiosk doctor --json")


def test_the_windows_shell_launcher_configuration() -> None:
    """Well-formed, Shell Launcher v2's namespaces, our executable, restarted on any exit.
    (Applying it needs Windows: untested, see docs/deploy-windows.md.)"""
    import xml.etree.ElementTree as ElementTree

    v1 = "{http://schemas.microsoft.com/ShellLauncher/2018/Configuration}"
    v2 = "{http://schemas.microsoft.com/ShellLauncher/2019/Configuration}"
    root = ElementTree.parse(REPO / "scripts" / "deploy" / "windows" / "shell-launcher.xml")
    profile = root.find(f"{v1}Profiles/{v1}Profile")
    assert profile is not None
    shell = profile.find(f"{v1}Shell")
    assert shell is not None and shell.get("Shell", "").endswith("kiosk.exe run --mode kiosk")
    assert shell.get(f"{v2}AppType") == "Desktop" and shell.get(f"{v2}AllAppsFullScreen") == "true"
    default = shell.find(f"{v1}DefaultAction")
    assert default is not None and default.get("Action") == "RestartShell"
    config = root.find(f"{v1}Configs/{v1}Config")
    assert config is not None
    linked = config.find(f"{v1}Profile")
    assert linked is not None and linked.get("Id") == profile.get("Id")
