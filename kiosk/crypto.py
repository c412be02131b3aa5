"""Encryption at rest for the few things that must hold PHI (statement cache, queued notices).

AES-256-GCM per field, with associated data naming what the value is and
whose it is, so a ciphertext cannot be moved to another row or column and
still decrypt. The key is the ``data_key`` secret (64 hex characters), from
the secret store like every secret; it never sits in the config file or
beside the data. In demo mode only, a missing key is replaced by a random
demo key file in the data folder, as for the audit key.
"""

from __future__ import annotations

import os
import secrets as token_source
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.secrets import MissingSecret, SecretStore

DATA_KEY_SECRET = "data_key"
_VERSION = b"\x01"  # format byte: lets a later key rotation tell old from new
_NONCE_BYTES = 12


class DecryptionError(ValueError):
    """The value was altered, moved to another record, or sealed with another key."""


class FieldCipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes (64 hex characters)")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, context: str) -> bytes:
        """Encrypt; ``context`` (e.g. "cache:P000123") must be given again to open it."""
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open(self, sealed: bytes, context: str) -> bytes:
        if len(sealed) < 1 + _NONCE_BYTES + 16 or sealed[:1] != _VERSION:
            raise DecryptionError("not a sealed value")
        nonce, body = sealed[1:1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise DecryptionError("the value does not authenticate") from None


def data_key(store: SecretStore, data_dir: Path, demo: bool) -> bytes:
    """The data key from the secret store; in demo mode a local demo key if unset."""
    value = (store.without_keyring() if demo else store).get(DATA_KEY_SECRET)
    if value:
        try:
            key = bytes.fromhex(value.strip())
        except ValueError:
            raise ValueError("secret data_key must be 64 hexadecimal characters") from None
        if len(key) != 32:
            raise ValueError("secret data_key must be 64 hexadecimal characters")
        return key
    if not demo:
        raise MissingSecret(DATA_KEY_SECRET)
    path = data_dir / "demo-data.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(token_source.token_hex(32))
    return bytes.fromhex(path.read_text().strip())
