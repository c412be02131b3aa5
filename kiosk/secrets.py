"""Secrets come from the environment, systemd credentials or the OS keyring; never config.

Lookup order for a secret called ``audit_key``:

1. ``$KIOSK_SECRET_AUDIT_KEY``
2. ``$CREDENTIALS_DIRECTORY/audit_key`` (systemd ``LoadCredential=``/``SetCredential=``)
3. the OS keyring, service ``clinicpay-kiosk``, user ``audit_key``

The keyring is imported only when the first two have nothing, because its
back-end discovery is slow and a headless Linux kiosk has none.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

KEYRING_SERVICE = "clinicpay-kiosk"


class MissingSecret(LookupError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"secret {name!r} is not set: put it in the environment as "
            f"KIOSK_SECRET_{name.upper()}, in a systemd credential named {name}, or in the "
            f"OS keyring with `kiosk secrets set {name}`"
        )


class UnusableSecret(MissingSecret):
    """A secret is set but cannot be used as it is (too short, wrong form)."""

    def __init__(self, name: str, problem: str) -> None:
        LookupError.__init__(self, f"secret {name!r} {problem}")
        self.name = name


class SecretStore:
    def __init__(self, environ: Mapping[str, str] | None = None, use_keyring: bool = True) -> None:
        self._environ = os.environ if environ is None else environ
        self._use_keyring = use_keyring

    def without_keyring(self) -> SecretStore:
        """The same store minus the OS keyring (demo mode never touches the OS secret store)."""
        return SecretStore(self._environ, use_keyring=False)

    def get(self, name: str) -> str | None:
        value = self._environ.get(f"KIOSK_SECRET_{name.upper()}")
        if value:
            return value
        credentials = self._environ.get("CREDENTIALS_DIRECTORY")
        if credentials:
            path = Path(credentials) / name
            if path.is_file():
                return path.read_text(encoding="utf-8").strip() or None
        if self._use_keyring:
            return _from_keyring(name)
        return None

    def require(self, name: str) -> str:
        value = self.get(name)
        if not value:
            raise MissingSecret(name)
        return value

    def set(self, name: str, value: str) -> None:
        """Store in the OS keyring (the only writable place we manage)."""
        import keyring
        import keyring.errors

        try:
            keyring.set_password(KEYRING_SERVICE, name, value)
        except keyring.errors.KeyringError as exc:
            raise RuntimeError(
                f"no usable OS keyring here ({exc}); on a headless Linux kiosk use a systemd "
                "credential (systemd-creds encrypt) or the environment instead"
            ) from None


def _from_keyring(name: str) -> str | None:
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except (keyring.errors.KeyringError, RuntimeError):
        return None
