"""A Pms that answers look-ups from the encrypted cache while the PMS is down.

Wraps any adapter. While the PMS answers, every look-up result and statement
is stored (see :mod:`kiosk.pms.statement_cache`); when it cannot be reached
(:class:`PmsUnavailable`) or answers garbage (:class:`PmsBadResponse`), the
last answer no older than the configured maximum age is served instead, and
a statement served so has ``from_cache=True`` and keeps the PMS's own
``as_of`` time, so screens show "as of <time>".

What keeps this safe:

- A name search is cached only in full: the first question (family name and
  birth date, no ZIP or phone) stores every patient the PMS matched, and an
  offline answer narrows that same list. A search never seen online is not
  guessed at: it raises :class:`PmsUnavailable`, so a twin missing from the
  cache can never make the other twin the only match.
- When a posting for a patient reaches the PMS, that patient's cached
  statement is dropped: the cached balance no longer counts that payment, and
  the ledger no longer holds it back either (it is posted), so serving it
  would let the same balance be paid twice.
- A rejection (:class:`PmsRejected`) is never answered from the cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.posting import Posting
from kiosk.domain.statement import Statement
from kiosk.pms.statement_cache import StatementCache
from kiosk.ports.health import Health
from kiosk.ports.pms import (
    BatchPosting,
    Pms,
    PmsBadResponse,
    PmsError,
    PmsUnavailable,
    PostReceipt,
)

log = logging.getLogger(__name__)

_OFFLINE = (PmsUnavailable, PmsBadResponse)


class CachedPms:
    def __init__(self, inner: Pms, cache: StatementCache,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.inner = inner
        self.cache = cache
        self.clock = clock
        self.name = inner.name

    def find_patients(self, query: PatientQuery) -> list[Patient]:
        narrowed = bool(query.postal_code or query.phone_last4)
        try:
            found = self.inner.find_patients(query)
        except _OFFLINE as exc:
            cached = self.cache.get_search(query.birthdate, query.normalised_family, self.clock())
            if cached is None:
                raise
            log.info("patient search answered from the statement cache (%s)",
                     exc.__class__.__name__)
            return _narrow(cached, query)
        if not narrowed:
            self.cache.put_search(query.birthdate, query.normalised_family, found, self.clock())
        return found

    def find_by_statement_code(self, code: str) -> Patient | None:
        cleaned = "".join(ch for ch in code.strip().upper() if ch.isalnum())
        try:
            found = self.inner.find_by_statement_code(code)
        except _OFFLINE:
            cached = self.cache.get_code(cleaned, self.clock()) if cleaned else None
            if cached is None:
                raise
            return cached[0]
        if cleaned:
            self.cache.put_code(cleaned, found, self.clock())
        return found

    def statement(self, patient_id: str) -> Statement:
        try:
            statement = self.inner.statement(patient_id)
        except _OFFLINE as exc:
            cached = self.cache.get_statement(patient_id, self.clock())
            if cached is None:
                raise
            log.info("statement served from the cache, %d min old (%s)",
                     int((self.clock() - cached.as_of).total_seconds() // 60),
                     exc.__class__.__name__)
            return cached
        self.cache.put_statement(statement, self.clock())
        return statement

    def post(self, posting: Posting) -> PostReceipt:
        receipt = self.inner.post(posting)
        self.cache.forget_statement(posting.patient_id)
        return receipt

    def post_many(self, postings: Sequence[Posting]) -> list[PostReceipt | PmsError]:
        if isinstance(self.inner, BatchPosting):
            results = self.inner.post_many(postings)
        else:  # the same rule as the sync worker: stop at the first transient failure
            results = []
            for posting in postings:
                try:
                    results.append(self.inner.post(posting))
                except PmsError as exc:
                    results.append(exc)
                    if isinstance(exc, _OFFLINE):
                        break
        for posting, result in zip(postings, results, strict=False):
            if isinstance(result, PostReceipt):
                self.cache.forget_statement(posting.patient_id)
        return results

    def health(self) -> Health:
        health = self.inner.health()
        return Health(health.ok, f"{health.detail}; statement cache on "
                                 f"(max age {int(self.cache.max_age.total_seconds() // 3600)} h)")

    def close(self) -> None:
        self.inner.close()


def _narrow(patients: list[Patient], query: PatientQuery) -> list[Patient]:
    if query.postal_code:
        wanted = query.postal_code.strip()[:5]
        patients = [p for p in patients if p.postal_code[:5] == wanted]
    if query.phone_last4:
        patients = [p for p in patients if p.phone_last4 == query.phone_last4.strip()]
    return patients
