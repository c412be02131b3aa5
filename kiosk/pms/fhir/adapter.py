"""The FHIR R4 PMS adapter: look-ups, statements and postings against any R4 server.

Look-up: ``Patient?birthdate=`` only, then every name is compared here with
the core's one normalisation (:func:`kiosk.names.family_name_matches`), and
ZIP code and phone are compared here too. Servers differ on name search
(accent-sensitive or not, "contains" or "starts with"), and a server-side name
filter that misses "García" when "Garcia" was typed would hide one of two
twins and show the other: the birth date is the only filter we let the server
apply. Statement codes map to ``Patient?identifier=<system>|<code>``.

Posting: see :mod:`kiosk.pms.fhir.postings`. Before posting, the patient's
record, accounts and open invoices are read in one ``batch`` Bundle of GETs:
an unknown patient or an account the PMS has closed is a rejection for staff,
and the open invoices decide the allocation.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from kiosk.domain.money import Money
from kiosk.domain.patient import Patient, PatientQuery
from kiosk.domain.posting import Posting
from kiosk.domain.statement import Statement
from kiosk.names import family_name_matches
from kiosk.pms.fhir import postings as fhir_postings
from kiosk.pms.fhir import resources
from kiosk.pms.fhir.http import FhirEndpoint, FhirHttp
from kiosk.pms.validate import check_statement
from kiosk.ports.health import Health
from kiosk.ports.pms import (
    PmsBadResponse,
    PmsError,
    PmsRejected,
    PmsUnavailable,
    PostReceipt,
)

log = logging.getLogger(__name__)

_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_NEEDED_TYPES = ("Patient", "Invoice", "PaymentReconciliation", "PaymentNotice")
#: How long a patient's open invoices, once read, are trusted for allocating postings.
CONTEXT_TTL_S = 60
T = TypeVar("T")


class FhirPms:
    name = "fhir"

    def __init__(self, endpoint: FhirEndpoint, *, currency: str = "USD",
                 identifier_system: str, statement_code_system: str = "",
                 clinic_name: str = "", page_size: int = 100, batch_size: int = 50,
                 http: FhirHttp | None = None) -> None:
        self.http = http or FhirHttp(endpoint)
        self.currency = currency
        self.identifier_system = identifier_system
        self.statement_code_system = statement_code_system
        self.clinic_name = clinic_name
        self.page_size = page_size
        self.batch_size = batch_size
        #: Open invoices per patient read in the last CONTEXT_TTL_S, so a backlog with many
        #: payments of one patient reads them once (and allocates each where the last left off).
        self._recent: dict[str, tuple[float, list[fhir_postings.OpenInvoice]]] = {}

    # -- look-ups -------------------------------------------------------------
    def find_patients(self, query: PatientQuery) -> list[Patient]:
        found = self.http.search(
            "Patient", {"birthdate": query.birthdate.isoformat(), "_count": str(self.page_size)},
            "patient search")
        matches = []
        for raw in found:
            if not any(family_name_matches(query.family, family)
                       for family in resources.family_names(raw)):
                continue  # decided before parsing: other patients' records are not our business
            patient = _checked(_patient_of(raw))
            if patient.birthdate != query.birthdate:
                continue  # a server that ignored or widened the date filter
            matches.append(patient)
        if query.postal_code:
            wanted = query.postal_code.strip()[:5]
            matches = [p for p in matches if p.postal_code[:5] == wanted]
        if query.phone_last4:
            matches = [p for p in matches if p.phone_last4 == query.phone_last4.strip()]
        return matches

    def find_by_statement_code(self, code: str) -> Patient | None:
        cleaned = "".join(ch for ch in code.strip().upper() if ch.isalnum())
        if not cleaned or not self.statement_code_system:
            return None
        found = list(self.http.search(
            "Patient", {"identifier": f"{self.statement_code_system}|{cleaned}"},
            "statement code search"))
        if len(found) != 1:
            return None
        patient, _code = _checked(lambda: resources.patient(found[0]))
        return patient

    def statement(self, patient_id: str) -> Statement:
        _check_id(patient_id)
        subject = f"Patient/{patient_id}"
        record = self.http.request("GET", subject, what="patient read")
        invoices = list(self.http.search(
            "Invoice", {"subject": subject, "status": "issued", "_count": str(self.page_size)},
            "invoice search"))
        charge_items = list(self.http.search(
            "ChargeItem", {"subject": subject, "_count": str(self.page_size)},
            "charge item search"))
        eobs = list(self.http.search(
            "ExplanationOfBenefit", {"patient": subject, "_count": str(self.page_size)},
            "explanation of benefit search"))
        accounts = list(self.http.search("Account", {"subject": subject}, "account search"))

        def build() -> Statement:
            _patient, code = resources.patient(record, self.statement_code_system)
            open_invoices = resources.open_invoices(invoices)
            lines = resources.statement_lines(open_invoices, charge_items, eobs, self.currency)
            balance = resources.account_balance(accounts, self.currency)
            if balance is None:
                balance = Money.total([resources.invoice_due(inv, self.currency)
                                       for inv in open_invoices], self.currency)
            return Statement(patient_id=patient_id, lines=tuple(lines), payments=(),
                             total_due=balance, as_of=datetime.now(UTC), statement_code=code)

        return check_statement(_checked(build), datetime.now(UTC))

    # -- postings ---------------------------------------------------------------
    def post(self, posting: Posting) -> PostReceipt:
        result = self.post_many([posting])[0]
        if isinstance(result, PmsError):
            raise result
        return result

    def post_many(self, postings: Sequence[Posting]) -> list[PostReceipt | PmsError]:
        try:
            context = self._context({p.patient_id for p in postings})
        except (PmsUnavailable, PmsBadResponse) as exc:
            return [exc]
        except PmsRejected as exc:  # a refused read says nothing about the postings
            return [PmsBadResponse(f"posting context read refused: {exc}")]
        results: list[PostReceipt | PmsError] = []
        while len(results) < len(postings):
            chunk = postings[len(results):len(results) + self.batch_size]
            answered = self._post_chunk(chunk, context)
            results.extend(answered)
            if len(answered) < len(chunk):
                break
        return results

    def _post_chunk(self, chunk: Sequence[Posting],
                    context: dict[str, list[fhir_postings.OpenInvoice] | PmsError]) \
            -> list[PostReceipt | PmsError]:
        outcome: dict[int, PostReceipt | PmsError] = {}
        plans: list[tuple[int, fhir_postings.PostingPlan]] = []
        for index, posting in enumerate(chunk):
            found = context.get(posting.patient_id)
            if isinstance(found, PmsError):
                outcome[index] = found
                continue
            assert found is not None
            posting_plan = fhir_postings.plan(posting, found, self.identifier_system,
                                              self.clinic_name)
            # Two payments of one patient: the second goes where the first left off.
            remaining = fhir_postings.after(found, posting_plan.applied)
            context[posting.patient_id] = remaining
            self._recent[posting.patient_id] = (time.monotonic(), remaining)
            plans.append((index, posting_plan))
        if plans:
            for (index, _plan), result in zip(plans, self._send_split([p for _, p in plans]),
                                              strict=False):
                outcome[index] = result
        results: list[PostReceipt | PmsError] = []
        for index in range(len(chunk)):
            if index not in outcome:
                break  # not sent after a transient failure
            results.append(outcome[index])
            if isinstance(outcome[index], PmsUnavailable | PmsBadResponse):
                break
        return results

    def _send_split(self, plans: list[fhir_postings.PostingPlan],
                    largest: list[int] | None = None) -> list[PostReceipt | PmsError]:
        """Send in one transaction; if refused, halve until the refused posting stands alone.

        A transaction is all or nothing, so one bad posting refuses its whole
        Bundle; splitting finds it in a few requests and the rest still post.
        Servers also cap transaction size (Medplum: 8 entries with conditional
        creates); when every part of a refused Bundle then goes through, the
        largest Bundle that went through becomes the limit for the rest of the
        session. Stops at the first transient failure, which ends the list.
        """
        largest = largest if largest is not None else [0]
        size = self.batch_size
        if len(plans) > size:  # a limit learned while this Bundle was being split
            results: list[PostReceipt | PmsError] = []
            for start in range(0, len(plans), size):
                part = plans[start:start + size]
                answered = self._send_split(part, largest)
                results += answered
                if len(answered) < len(part) or _transient(answered[-1]):
                    break
            return results
        try:
            receipts: list[PostReceipt | PmsError] = list(self._send(plans))
        except PmsRejected as exc:
            if len(plans) == 1:
                return [exc]
            log.info("a transaction of %d postings was refused; splitting it", len(plans))
        except (PmsUnavailable, PmsBadResponse) as exc:
            return [exc]
        else:
            largest[0] = max(largest[0], len(plans))
            return receipts
        half = (len(plans) + 1) // 2
        results = self._send_split(plans[:half], largest)
        if len(results) == half and not _transient(results[-1]):
            results += self._send_split(plans[half:], largest)
        if len(results) == len(plans) and all(isinstance(r, PostReceipt) for r in results):
            self.batch_size = min(self.batch_size, max(largest[0], 1))  # it was the size
        return results

    def _send(self, plans: list[fhir_postings.PostingPlan]) -> list[PostReceipt]:
        body = fhir_postings.transaction(plans)
        response = self.http.request("POST", "", body=body, what="posting transaction")
        return fhir_postings.receipts(plans, response)

    def _context(self, patient_ids: set[str]) \
            -> dict[str, list[fhir_postings.OpenInvoice] | PmsError]:
        """Per patient: open invoices to allocate to, or why nothing may be posted."""
        context: dict[str, list[fhir_postings.OpenInvoice] | PmsError] = {}
        requests: list[str] = []
        order = sorted(patient_ids)
        now = time.monotonic()
        for patient_id in order:
            if not _FHIR_ID.match(patient_id):
                context[patient_id] = PmsRejected("the patient id is not a valid FHIR id")
                continue
            recent = self._recent.get(patient_id)
            if recent is not None and now - recent[0] < CONTEXT_TTL_S:
                context[patient_id] = recent[1]
                continue
            subject = f"Patient/{patient_id}"
            requests += [subject, f"Account?subject={subject}",
                         f"Invoice?subject={subject}&status=issued&_count={self.page_size}"]
        if not requests:
            return context
        answers = self._batch_get(requests)
        position = 0
        for patient_id in order:
            if patient_id in context:
                continue
            record, accounts, invoices = answers[position:position + 3]
            position += 3
            found = self._patient_context(record, accounts, invoices)
            context[patient_id] = found
            if not isinstance(found, PmsError):  # a refusal is asked again: staff may fix it
                self._recent[patient_id] = (now, found)
        return context

    def _patient_context(self, record: tuple[str, Any], accounts: tuple[str, Any],
                         invoices: tuple[str, Any]) \
            -> list[fhir_postings.OpenInvoice] | PmsError:
        for status, _body in (record, accounts, invoices):
            if status.startswith("5") or status in ("429", "408"):
                raise PmsUnavailable(f"posting context read answered HTTP {status}")
        if record[0] in ("404", "410"):
            return PmsRejected("unknown patient id: the PMS has no such patient")
        if record[0] != "200" or accounts[0] != "200" or invoices[0] != "200":
            raise PmsBadResponse("posting context read failed: HTTP "
                                 f"{record[0]}/{accounts[0]}/{invoices[0]}")
        account_list = _search_entries(accounts[1], "Account")
        invoice_list = _search_entries(invoices[1], "Invoice")

        def build() -> list[fhir_postings.OpenInvoice] | PmsError:
            if resources.accounts_closed(account_list):
                return PmsRejected("the patient's account is closed in the PMS")
            return fhir_postings.open_invoice_list(resources.open_invoices(invoice_list),
                                                   self.currency)

        return _checked(build)

    def _batch_get(self, urls: list[str]) -> list[tuple[str, Any]]:
        bundle = {"resourceType": "Bundle", "type": "batch",
                  "entry": [{"request": {"method": "GET", "url": url}} for url in urls]}
        response = self.http.request("POST", "", body=json.dumps(bundle).encode(),
                                     what="posting context read")
        entries = response.get("entry") if isinstance(response, dict) else None
        if not isinstance(response, dict) or response.get("type") != "batch-response" \
                or not isinstance(entries, list) or len(entries) != len(urls):
            raise PmsBadResponse("posting context read: not a batch-response for every entry")
        answers = []
        for entry in entries:
            status = str(((entry or {}).get("response") or {}).get("status", ""))
            answers.append((status.split(" ", 1)[0], (entry or {}).get("resource")))
        return answers

    # -- health -------------------------------------------------------------------
    def health(self) -> Health:
        try:
            capability = self.http.request("GET", "metadata", what="capability statement")
        except PmsError as exc:
            return Health.bad(f"FHIR server: {exc}")
        if not isinstance(capability, dict) \
                or capability.get("resourceType") != "CapabilityStatement":
            return Health.bad("FHIR server: /metadata is not a CapabilityStatement")
        version = str(capability.get("fhirVersion", ""))
        if not version.startswith(("4.0", "4.3")):
            return Health.bad(f"FHIR server speaks FHIR {version or '(unknown)'}, not R4")
        offered = {r.get("type") for rest in capability.get("rest") or []
                   for r in (rest.get("resource") or []) if isinstance(r, dict)}
        missing = [t for t in _NEEDED_TYPES if offered and t not in offered]
        if missing:
            return Health.bad(f"FHIR server does not offer {', '.join(missing)}")
        try:
            self.http.request("GET", "Patient", params={"_count": "1", "_id": "clinicpay-probe"},
                              what="authorised probe")
        except PmsError as exc:
            return Health.bad(f"FHIR server reachable (R4 {version}) but: {exc}")
        return Health.good(f"FHIR R4 {version} server at {self.http.base} (token ok)")

    def close(self) -> None:
        self.http.close()


def _transient(result: PostReceipt | PmsError) -> bool:
    return isinstance(result, PmsUnavailable | PmsBadResponse)


def _patient_of(raw: Any) -> Callable[[], Patient]:
    return lambda: resources.patient(raw)[0]


def _check_id(patient_id: str) -> None:
    if not _FHIR_ID.match(patient_id):
        raise PmsRejected("the patient id is not a valid FHIR id")


def _checked(build: Callable[[], T]) -> T:
    try:
        return build()
    except resources.BadResource as exc:
        raise PmsBadResponse(str(exc)) from None


def _search_entries(bundle: Any, resource_type: str) -> list[Any]:
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise PmsBadResponse("posting context read: a search answer is not a Bundle")
    return [e["resource"] for e in bundle.get("entry") or []
            if isinstance(e, dict) and isinstance(e.get("resource"), dict)
            and e["resource"].get("resourceType") == resource_type
            and (e.get("search") or {}).get("mode", "match") == "match"]
