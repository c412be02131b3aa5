"""Argon2id password hashing (argon2-cffi).

Argon2id is the memory-hard winner of the Password Hashing Competition and the
first choice of RFC 9106 and OWASP; argon2-cffi is its maintained binding.
Each hash carries its own salt and parameters, so raising the cost later
re-hashes passwords at their next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MAX_LENGTH = 256


class WeakPassword(ValueError):
    """A password the account tools refuse; the message says why, never echoes it."""


class Passwords:
    def __init__(self, time_cost: int = 3, memory_kib: int = 65_536, parallelism: int = 4,
                 min_length: int = MIN_LENGTH) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib,
                                      parallelism=parallelism)
        self.min_length = min_length
        # Unknown users are checked against this, so they take as long as known ones.
        self._dummy = self._hasher.hash("not a real password, only for timing")

    def check_policy(self, password: str) -> None:
        if len(password) < self.min_length:
            raise WeakPassword(f"a password needs at least {self.min_length} characters")
        if len(password) > MAX_LENGTH:
            raise WeakPassword(f"a password may have at most {MAX_LENGTH} characters")
        if password.strip() != password or not password.strip():
            raise WeakPassword("a password may not start or end with spaces")

    def hash(self, password: str) -> str:
        self.check_policy(password)
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True if it matches. ``None`` burns the same time and answers False."""
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) \
                and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True
