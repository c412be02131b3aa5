"""Secrets as systemd credentials, for a headless Linux kiosk (no OS keyring there).

``systemd-creds encrypt`` seals a secret with the machine's key (a TPM2 chip
when there is one, else ``/var/lib/systemd/credential.secret``, readable by
root only); the kiosk's unit names it with ``LoadCredentialEncrypted=`` and
systemd hands the plain value to the service alone, as a file in
``$CREDENTIALS_DIRECTORY`` that :class:`kiosk.secrets.SecretStore` reads.
The value travels to ``systemd-creds`` on standard input, never on a
command line (which ``ps`` shows to every user).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

#: The secrets the kiosk reads, and what each is for.
KNOWN_SECRETS = {
    "audit_key": "the audit log's HMAC key (every production kiosk)",
    "data_key": "seals PHI at rest: queued notices, the statement cache",
    "stripe_api_key": "Stripe's secret key (terminal.kind = \"stripe\")",
    "zvt_password": "the ZVT terminal's password (terminal.kind = \"zvt\")",
    "smtp_password": "the mail relay's password (notify.email.kind = \"smtp\")",
    "twilio_auth_token": "Twilio's auth token (notify.sms.kind = \"twilio\")",
}
DROP_IN = "/etc/systemd/system/clinicpay-kiosk.service.d/credentials.conf"
_NAME = re.compile(r"[a-z0-9][a-z0-9_]{0,63}")


class CredentialError(RuntimeError):
    """The credential could not be written; the message says what to do."""


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise CredentialError(f"{name!r} is not a secret name (lower case letters, digits and "
                              "underscores, as in stripe_api_key)")
    return name


def encrypt_command(name: str, credstore: Path) -> list[str]:
    return ["systemd-creds", "encrypt", f"--name={check_name(name)}", "-",
            str(credstore / name)]


def unit_line(name: str, credstore: Path) -> str:
    return f"LoadCredentialEncrypted={check_name(name)}:{credstore / name}"


def instructions(name: str, credstore: Path) -> str:
    """What IT runs by hand (``--print``), e.g. to prepare an image on another machine."""
    return "\n".join([
        "# as root on the kiosk; type the value, then Ctrl-D (it is read from standard input):",
        f"install -d -m 700 {shlex.quote(str(credstore))}",
        shlex.join(encrypt_command(name, credstore)),
        f"# then, unless the unit already loads it, add under [Service] in {DROP_IN}:",
        unit_line(name, credstore),
        "systemctl daemon-reload && systemctl restart clinicpay-kiosk",
    ])


def encrypt(name: str, value: str, credstore: Path) -> Path:
    """Seal ``value`` into ``credstore/name``; returns the path."""
    command = encrypt_command(name, credstore)
    if shutil.which(command[0]) is None:
        raise CredentialError("systemd-creds is not installed here (systemd 250 or newer); "
                              "use the environment (KIOSK_SECRET_"
                              f"{name.upper()}) or `kiosk secrets set {name}` with a keyring")
    try:
        credstore.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise CredentialError(f"cannot create {credstore} ({exc.strerror}); run as root") \
            from None
    done = subprocess.run(command, input=value.encode("utf-8"), capture_output=True,
                          timeout=60, check=False)
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise CredentialError(f"systemd-creds encrypt failed: {why[-1] if why else 'no reason'}"
                              " (run as root)")
    target = credstore / name
    os.chmod(target, 0o600)
    return target
