from pathlib import Path

import pytest

from kiosk.crypto import DecryptionError, FieldCipher, data_key
from kiosk.secrets import MissingSecret, SecretStore


def test_round_trip_and_binding_to_context() -> None:
    cipher = FieldCipher(bytes(range(32)))
    sealed = cipher.seal(b"Maria Garcia", "cache:P1")
    assert b"Maria" not in sealed
    assert cipher.open(sealed, "cache:P1") == b"Maria Garcia"
    with pytest.raises(DecryptionError):
        cipher.open(sealed, "cache:P2")  # moved to another patient's row
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(DecryptionError):
        cipher.open(tampered, "cache:P1")
    with pytest.raises(DecryptionError):
        FieldCipher(bytes(32)).open(sealed, "cache:P1")  # another key
    assert cipher.seal(b"x", "c") != cipher.seal(b"x", "c")  # fresh nonce each time


def test_key_from_secret_store_or_demo_file(tmp_path: Path) -> None:
    store = SecretStore({"KIOSK_SECRET_DATA_KEY": "ab" * 32}, use_keyring=False)
    assert data_key(store, tmp_path, demo=False) == bytes.fromhex("ab" * 32)
    empty = SecretStore({}, use_keyring=False)
    with pytest.raises(MissingSecret):
        data_key(empty, tmp_path, demo=False)
    demo = data_key(empty, tmp_path, demo=True)
    assert len(demo) == 32 and data_key(empty, tmp_path, demo=True) == demo
    with pytest.raises(ValueError, match="64 hex"):
        data_key(SecretStore({"KIOSK_SECRET_DATA_KEY": "short"}, use_keyring=False), tmp_path,
                 demo=False)
