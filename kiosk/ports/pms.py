"""The practice management system port.

Errors are sorted by what the caller must do: :class:`PmsUnavailable` (try
later: down, slow, 5xx), :class:`PmsBadResponse` (the answer made no sense;
for a posting the outcome is unknown, so retry with the same key), and
:class:`PmsRejected` (this request will never succeed as sent: staff must look).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.posting import Posting
from kiosk.domain.statement import Statement
from kiosk.ports.health import Health


class PmsError(Exception):
    """Base of PMS failures. ``str()`` is for IT and never contains PHI."""


class PmsUnavailable(PmsError):
    """Transient: unreachable, timed out, or a server error. Retry later."""


class PmsBadResponse(PmsError):
    """The PMS answered something we cannot trust (garbage, wrong shape, bad numbers)."""


class PmsRejected(PmsError):
    """The PMS refused this request for good; the reason is for staff."""


@dataclass(frozen=True, slots=True)
class PostReceipt:
    pms_ref: str  # the PMS's own id for the record it holds
    duplicate: bool = False  # True when the PMS already had this posting id


class Pms(Protocol):
    name: str

    def find_patients(self, query: PatientQuery) -> list[Patient]:
        """Candidates with this birth date whose family name matches; may be several."""
        ...

    def find_by_statement_code(self, code: str) -> Patient | None: ...

    def statement(self, patient_id: str) -> Statement: ...

    def post(self, posting: Posting) -> PostReceipt:
        """Record a posting; idempotent on ``posting.id`` (one record however often sent)."""
        ...

    def health(self) -> Health: ...

    def close(self) -> None: ...


@runtime_checkable
class BatchPosting(Protocol):
    """Optional extension of :class:`Pms`: many postings in one request (a backlog drain).

    ``post_many`` answers in the order given, one result per posting: a
    :class:`PostReceipt`, or the :class:`PmsError` that posting met. It stops
    at the first transient failure (:class:`PmsUnavailable`, :class:`PmsBadResponse`),
    which is the last item of a shorter list: the postings after it were not
    sent, or their outcome is unknown, and are sent again later with the same
    ids. A :class:`PmsRejected` item does not stop the others.
    """

    def post_many(self, postings: Sequence[Posting]) -> list[PostReceipt | PmsError]: ...
