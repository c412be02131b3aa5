"""Sealing the personal part of a notice or opt-in (address, language, reference).

Everything a notice needs that could identify a patient travels in one
AES-GCM sealed JSON value (:mod:`kiosk.crypto`), bound to the row's id, so a
sealed address copied to another row does not open. The plain columns hold
only what the ledger may hold anyway: ids, amounts, statuses, times.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kiosk.crypto import DecryptionError, FieldCipher


class NoticesDisabled(RuntimeError):
    """No channel is configured, so there is no data key and nothing may be sealed."""


@dataclass(frozen=True, slots=True)
class Sealed:
    to: str
    lang: str = "en"
    reference: str = ""  # for reminders: the statement code (receipts use the payment id)

    def __repr__(self) -> str:
        return "Sealed(<redacted>)"


class Sealer:
    def __init__(self, cipher: FieldCipher | None) -> None:
        self._cipher = cipher

    @property
    def enabled(self) -> bool:
        return self._cipher is not None

    def _need(self) -> FieldCipher:
        if self._cipher is None:
            raise NoticesDisabled("no notice channel is configured (notify.email / notify.sms)")
        return self._cipher

    def seal_notice(self, notice_id: str, payload: Sealed) -> bytes:
        return self._seal(payload, f"notice:{notice_id}")

    def open_notice(self, notice_id: str, sealed: bytes) -> Sealed:
        """Raises :class:`kiosk.crypto.DecryptionError` if altered, moved or keyed otherwise."""
        return self._open(sealed, f"notice:{notice_id}")

    def seal_optin(self, optin_id: str, payload: Sealed) -> bytes:
        return self._seal(payload, f"optin:{optin_id}")

    def open_optin(self, optin_id: str, sealed: bytes) -> Sealed:
        return self._open(sealed, f"optin:{optin_id}")

    def _seal(self, payload: Sealed, context: str) -> bytes:
        body = json.dumps({"to": payload.to, "lang": payload.lang, "ref": payload.reference},
                          separators=(",", ":")).encode()
        return self._need().seal(body, context)

    def _open(self, sealed: bytes, context: str) -> Sealed:
        raw = self._need().open(sealed, context)
        try:
            data = json.loads(raw)
            return Sealed(str(data["to"]), str(data.get("lang", "en")), str(data.get("ref", "")))
        except (ValueError, KeyError, TypeError):
            raise DecryptionError("the sealed value is not in the expected form") from None
