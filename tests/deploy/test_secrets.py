"""Secrets for a deployed kiosk: never from the config file; systemd credentials on Linux."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.secrets import SecretStore
from tests.conftest import REPO

LIVE_KEY = "sk_live_51Hx0ThisWouldBeARealStripeKey"
SECRET_CONFIG = f"""mode = "demo"
terminal_id = "front-kiosk"

[stripe]
api_key = "{LIVE_KEY}"
"""


def run(command: list[str], env: dict[str, str],
        stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, env=env, input=stdin, capture_output=True,
                          text=True, timeout=120, check=False)


def kiosk_command() -> list[str]:
    return [sys.executable, "-m", "kiosk"]


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    return dict(env, KIOSK_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen",
                KIOSK_SITE_CONFIG_DIR=str(tmp_path / "no-site-config"))


def check_refused(done: subprocess.CompletedProcess[str]) -> None:
    out = done.stdout + done.stderr
    assert "stripe.api_key" in out
    assert "secrets never go in the config file" in out
    assert "KIOSK_SECRET_STRIPE_API_KEY" in out and "kiosk secrets set" in out
    assert LIVE_KEY not in out  # the refusal does not repeat the secret


def test_a_config_file_holding_a_secret_is_refused_by_every_command(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(SECRET_CONFIG)
    env = base_env(tmp_path)
    for args, status in ((["run", "--smoke"], 2), (["sync", "--once"], 2),
                         (["demo-session"], 2), (["doctor"], 1), (["doctor", "--json"], 1)):
        done = run([*kiosk_command(), *args, "--config", str(config)], env)
        assert done.returncode == status, (args, done.stdout, done.stderr)
        check_refused(done)
    # from the site config too, which is what a deployed kiosk reads
    site = tmp_path / "site"
    site.mkdir()
    (site / "kiosk.toml").write_text(SECRET_CONFIG)
    done = run([*kiosk_command(), "migrate"], dict(env, KIOSK_SITE_CONFIG_DIR=str(site)))
    assert done.returncode == 2
    check_refused(done)
    assert not (tmp_path / "data").exists()  # refused before anything was touched


def test_secrets_print_the_systemd_creds_commands(tmp_path: Path) -> None:
    done = run([*kiosk_command(), "secrets", "set", "stripe_api_key", "--systemd-creds",
                "--print"], base_env(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "systemd-creds encrypt --name=stripe_api_key - /etc/credstore.encrypted/" \
           "stripe_api_key" in done.stdout
    assert "LoadCredentialEncrypted=stripe_api_key:/etc/credstore.encrypted/stripe_api_key" \
           in done.stdout
    bad = run([*kiosk_command(), "secrets", "set", "../../etc/passwd", "--systemd-creds",
               "--print"], base_env(tmp_path))
    assert bad.returncode == 1 and "not a secret name" in bad.stderr


@pytest.mark.skipif(shutil.which("systemd-creds") is None, reason="systemd-creds (systemd 250+) "
                    "is not installed")
@pytest.mark.skipif(os.geteuid() != 0, reason="systemd-creds encrypts with the host key, which "
                    "only root may read")
def test_a_secret_sealed_with_systemd_creds_reaches_the_kiosk(tmp_path: Path) -> None:
    """What systemd does at service start (decrypt into $CREDENTIALS_DIRECTORY) done by hand."""
    credstore = tmp_path / "credstore.encrypted"
    done = run([*kiosk_command(), "secrets", "set", "audit_key", "--systemd-creds",
                "--credstore", str(credstore)], base_env(tmp_path), stdin="audit-key-value-42\n")
    assert done.returncode == 0, done.stderr
    sealed = credstore / "audit_key"
    assert f"LoadCredentialEncrypted=audit_key:{sealed}" in done.stdout
    assert b"audit-key-value-42" not in sealed.read_bytes()  # encrypted at rest
    assert oct(sealed.stat().st_mode & 0o777) == "0o600"
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    decrypted = subprocess.run(["systemd-creds", "decrypt", "--name=audit_key", str(sealed),
                                str(credentials / "audit_key")], capture_output=True,
                               check=False)
    assert decrypted.returncode == 0, decrypted.stderr
    store = SecretStore({"CREDENTIALS_DIRECTORY": str(credentials)}, use_keyring=False)
    assert store.get("audit_key") == "audit-key-value-42"
    # a credential sealed for one name does not open as another
    wrong = subprocess.run(["systemd-creds", "decrypt", "--name=data_key", str(sealed), "-"],
                           capture_output=True, check=False)
    assert wrong.returncode != 0
