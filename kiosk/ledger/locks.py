"""Cross-process critical sections on a shared (PostgreSQL) ledger.

SQLite needs none of this: every write transaction starts with ``BEGIN
IMMEDIATE``, so writers already run one at a time. PostgreSQL runs them
side by side (READ COMMITTED), so a read-then-write that must not interleave
(the next audit link of a terminal, the payable check of a patient) takes a
transaction-scoped advisory lock first; it is released by the commit or
rollback, never held across transactions.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(scope: str, key: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_xact_lock`` (same in every process)."""
    digest = hashlib.blake2b(f"{scope}\x00{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def advisory_lock(session: Session, scope: str, key: str) -> None:
    """Wait for, then hold until the end of this transaction, the lock on (scope, key)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(scope, key)})
