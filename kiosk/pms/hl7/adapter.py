"""The HL7 v2 PMS adapter: postings as DFT^P03 over MLLP, balances from a configured source.

HL7 v2 has no standard question "what does this patient owe?", so look-ups
and statements come from another source the clinic configures: the PMS's
FHIR server, or the statement export file the PMS drops on a schedule
(:mod:`kiosk.pms.csv_statements`). Postings go over MLLP (:mod:`kiosk.pms.hl7.mllp`).
"""

from __future__ import annotations

from typing import Protocol

from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.posting import Posting
from kiosk.domain.statement import Statement
from kiosk.pms.hl7.message import Dft03Format, dft_p03, read_ack
from kiosk.pms.hl7.mllp import MllpClient
from kiosk.ports.health import Health
from kiosk.ports.pms import PmsError, PostReceipt


class StatementSource(Protocol):
    """The read half of :class:`~kiosk.ports.pms.Pms`."""

    def find_patients(self, query: PatientQuery) -> list[Patient]: ...

    def find_by_statement_code(self, code: str) -> Patient | None: ...

    def statement(self, patient_id: str) -> Statement: ...

    def health(self) -> Health: ...

    def close(self) -> None: ...


class Hl7Pms:
    name = "hl7"

    def __init__(self, link: MllpClient, fmt: Dft03Format, balances: StatementSource) -> None:
        self.link = link
        self.format = fmt
        self.balances = balances

    def find_patients(self, query: PatientQuery) -> list[Patient]:
        return self.balances.find_patients(query)

    def find_by_statement_code(self, code: str) -> Patient | None:
        return self.balances.find_by_statement_code(code)

    def statement(self, patient_id: str) -> Statement:
        return self.balances.statement(patient_id)

    def post(self, posting: Posting) -> PostReceipt:
        message, msh10 = dft_p03(posting, self.format)
        return read_ack(self.link.exchange(message), msh10)

    def health(self) -> Health:
        try:
            self.link.probe()
        except PmsError as exc:
            return Health.bad(str(exc))
        balances = self.balances.health()
        where = f"HL7 receiver {self.link.host}:{self.link.port} accepts connections"
        return Health(balances.ok, f"{where}; balances: {balances.detail}")

    def close(self) -> None:
        self.link.close()
        self.balances.close()
