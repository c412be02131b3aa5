"""Read FHIR R4 resources into the kiosk's domain types, refusing what does not add up.

Every resource from the server is validated with ``fhir.resources`` (R4B
models, which read R4) after dropping ``meta`` and ``text`` (server
bookkeeping and narrative we never use, and where servers add their own
fields). A resource that fails validation, or numbers that do not add up,
raise :class:`PmsBadResponse`: no wrong balance reaches a patient.

The statement model (docs/pms-fhir.md has the full mapping):

- open ``Invoice``s (``status=issued``) give the lines: each ``lineItem``'s
  ``priceComponent`` of type ``base`` is the charge, its ``ChargeItem`` gives the
  description and date of service;
- an ``ExplanationOfBenefit`` item for the same service (same date and code)
  gives what insurance paid (adjudication ``benefit``) and the adjustment
  (``submitted`` - ``eligible``); without one, ``deduction`` and ``discount``
  price components stand in, else nothing was paid or adjusted;
- each invoice's lines must add up to its ``totalNet``;
- the balance is the R5 cross-version extension for ``Account.balance`` when
  the server gives it (a credit is negative), else the open invoices' ``totalNet``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from fhir.resources.R4B.account import Account
from fhir.resources.R4B.chargeitem import ChargeItem
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.explanationofbenefit import ExplanationOfBenefit
from fhir.resources.R4B.invoice import Invoice
from fhir.resources.R4B.money import Money as FhirMoney
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

from kiosk.domain.money import Money, MoneyError
from kiosk.domain.patient import Patient
from kiosk.domain.statement import LineItem

ACCOUNT_BALANCE_EXTENSION = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Account.balance"

R = TypeVar("R", bound=Resource)


class BadResource(ValueError):
    """A resource we cannot trust; the adapter turns it into PmsBadResponse."""


def parse(model: type[R], raw: Any) -> R:
    if not isinstance(raw, dict) or raw.get("resourceType") != model.__name__:
        raise BadResource(f"expected a {model.__name__} resource")
    cleaned = {k: v for k, v in raw.items() if k not in ("meta", "text")}
    try:
        return model.model_validate(cleaned)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise BadResource(f"{model.__name__} {raw.get('id', '?')}: {where}: "
                          f"{first['msg'][:80]}") from None


def money(value: FhirMoney | None, currency: str, where: str) -> Money:
    if value is None or value.value is None:
        raise BadResource(f"{where}: amount missing")
    if value.currency and value.currency != currency:
        raise BadResource(f"{where}: currency {value.currency} is not {currency}")
    try:
        return Money.parse(Decimal(value.value), currency)
    except (MoneyError, ArithmeticError):
        raise BadResource(f"{where}: {value.value!r} is not an amount in {currency}") from None


def _day(value: date | datetime | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# -- patients -------------------------------------------------------------------
def patient(raw: Any, statement_code_system: str = "") -> tuple[Patient, str]:
    """The domain patient and its statement code ("" when it has none)."""
    resource = parse(FhirPatient, raw)
    if not resource.id or resource.birthDate is None:
        raise BadResource("Patient without id or birth date")
    names = [n for n in resource.name or [] if n.use != "old" and n.family]
    if not names:
        raise BadResource(f"Patient {resource.id}: no family name")
    name = next((n for n in names if n.use == "official"), names[0])
    postal = next((a.postalCode for a in resource.address or []
                   if a.postalCode and a.use != "old"), "")
    phone = next((t.value for t in resource.telecom or []
                  if t.system == "phone" and t.value), "")
    code = ""
    account_number = ""
    for identifier in resource.identifier or []:
        if statement_code_system and identifier.system == statement_code_system:
            code = identifier.value or ""
        codings = identifier.type.coding if identifier.type and identifier.type.coding else []
        if any(c.code == "MR" for c in codings):
            account_number = identifier.value or ""
    return Patient(
        id=resource.id, family=name.family or "", given=" ".join(g for g in name.given or [] if g),
        birthdate=_day(resource.birthDate) or date.min, postal_code=postal or "",
        phone=phone or "", account_number=account_number,
    ), code


def family_names(raw: Any) -> list[str]:
    """Every current family name on the record (patients type any of them)."""
    names = raw.get("name") if isinstance(raw, dict) else None
    return [n["family"] for n in names or [] if isinstance(n, dict)
            and isinstance(n.get("family"), str) and n.get("use") != "old"]


# -- accounts -------------------------------------------------------------------
def account_balance(accounts: Iterable[Any], currency: str) -> Money | None:
    """The patient's balance from the R5 ``Account.balance`` extension, if any account has it."""
    found: list[Money] = []
    for raw in accounts:
        account = parse(Account, raw)
        if account.status not in (None, "active"):
            continue
        for extension in account.extension or []:
            if extension.url != ACCOUNT_BALANCE_EXTENSION:
                continue
            parts = {part.url: part for part in extension.extension or []}
            aggregate = parts.get("aggregate")
            concept = aggregate.valueCodeableConcept if aggregate else None
            if concept and not _has_code(concept, "patient"):
                continue  # the insurance's share is not what the patient owes
            amount = parts.get("amount")
            found.append(money(amount.valueMoney if amount else None, currency,
                               f"Account {account.id} balance"))
    if not found:
        return None
    return Money.total(found, currency)


def accounts_closed(accounts: list[Any]) -> bool:
    """True when the patient has accounts and none of them is active."""
    statuses = [parse(Account, raw).status for raw in accounts]
    return bool(statuses) and all(status == "inactive" for status in statuses)


def _has_code(concept: CodeableConcept, code: str) -> bool:
    return any(c.code == code for c in concept.coding or [])


# -- statement lines --------------------------------------------------------------
def _service_key(concept: CodeableConcept | None) -> tuple[str, str] | None:
    for coding in (concept.coding or []) if concept else []:
        if coding.code:
            return (coding.system or "", coding.code)
    return None


class _Adjudications:
    """EOB items by (date of service, service code), consumed in order."""

    def __init__(self, eobs: Iterable[Any], currency: str) -> None:
        self._items: dict[tuple[date, tuple[str, str]], list[tuple[Money, Money]]] = \
            defaultdict(list)
        for raw in eobs:
            eob = parse(ExplanationOfBenefit, raw)
            if eob.status != "active":
                continue
            for item in eob.item or []:
                day = _day(item.servicedDate) or _day(
                    item.servicedPeriod.start if item.servicedPeriod else None)
                key = _service_key(item.productOrService)
                if day is None or key is None:
                    continue
                amounts: dict[str, Money] = {}
                for adjudication in item.adjudication or []:
                    for coding in adjudication.category.coding or []:
                        if coding.code in ("submitted", "eligible", "benefit") \
                                and adjudication.amount is not None:
                            amounts[coding.code] = money(
                                adjudication.amount, currency, f"EOB {eob.id} item {item.sequence}")
                paid = amounts.get("benefit", Money(0, currency))
                adjusted = Money(0, currency)
                if "submitted" in amounts and "eligible" in amounts:
                    adjusted = amounts["submitted"] - amounts["eligible"]
                self._items[(day, key)].append((paid, adjusted))

    def take(self, day: date, key: tuple[str, str] | None) -> tuple[Money, Money] | None:
        if key is None:
            return None
        queue = self._items.get((day, key))
        return queue.pop(0) if queue else None


def open_invoices(raws: Iterable[Any]) -> list[Invoice]:
    invoices = [parse(Invoice, raw) for raw in raws]
    invoices = [inv for inv in invoices if inv.status == "issued"]
    return sorted(invoices, key=lambda inv: (_day(inv.date) or date.min, inv.id or ""))


def invoice_due(invoice: Invoice, currency: str) -> Money:
    return money(invoice.totalNet, currency, f"Invoice {invoice.id} totalNet")


def statement_lines(invoices: list[Invoice], charge_items: Iterable[Any], eobs: Iterable[Any],
                    currency: str) -> list[LineItem]:
    items = {item.id: item for item in (parse(ChargeItem, raw) for raw in charge_items)}
    adjudications = _Adjudications(eobs, currency)
    lines: list[LineItem] = []
    for invoice in invoices:
        where = f"Invoice {invoice.id}"
        invoice_lines = []
        for line in sorted(invoice.lineItem or [], key=lambda li: li.sequence or 0):
            invoice_lines.append(_line(invoice, line, items, adjudications, currency, where))
        if invoice.totalNet is not None and invoice_lines:
            owed = Money.total([ln.patient_responsibility for ln in invoice_lines], currency)
            if owed != invoice_due(invoice, currency):
                raise BadResource(f"{where}: lines add up to {owed}, totalNet says "
                                  f"{invoice_due(invoice, currency)}")
        lines.extend(invoice_lines)
    return lines


def _line(invoice: Invoice, line: Any, items: dict[str | None, ChargeItem],
          adjudications: _Adjudications, currency: str, where: str) -> LineItem:
    where = f"{where} line {line.sequence}"
    charge_item: ChargeItem | None = None
    reference = line.chargeItemReference.reference if line.chargeItemReference else None
    if reference:
        charge_item = items.get(reference.rsplit("/", 1)[-1])
        if charge_item is None:
            raise BadResource(f"{where}: its ChargeItem is missing")
    concept = charge_item.code if charge_item else line.chargeItemCodeableConcept
    description = (concept.text if concept and concept.text else next(
        (c.display for c in (concept.coding or []) if c.display), "") if concept else "")
    day = None
    if charge_item is not None:
        day = _day(charge_item.occurrenceDateTime) or _day(
            charge_item.occurrencePeriod.start if charge_item.occurrencePeriod else None)
    day = day or _day(invoice.date)
    if day is None:
        raise BadResource(f"{where}: no date of service")
    components: dict[str, list[Money]] = defaultdict(list)
    for component in line.priceComponent or []:
        components[component.type].append(money(component.amount, currency, where))
    if components.get("base"):
        charge = Money.total(components["base"], currency)
    elif charge_item is not None and charge_item.priceOverride is not None:
        charge = money(charge_item.priceOverride, currency, where)
    else:
        raise BadResource(f"{where}: no charge (base price component)")
    adjudicated = adjudications.take(day, _service_key(concept))
    if adjudicated is not None:
        paid, adjusted = adjudicated
    else:
        # Servers write deductions and discounts with either sign; they always reduce.
        paid = _magnitude(Money.total(components.get("deduction", []), currency))
        adjusted = _magnitude(Money.total(components.get("discount", []), currency))
    return LineItem(
        id=f"{invoice.id}/{line.sequence}", date_of_service=day,
        description=description or "Service", charge=charge, insurance_paid=paid,
        adjustment=adjusted, patient_responsibility=charge - paid - adjusted,
    )


def _magnitude(amount: Money) -> Money:
    return -amount if amount.cents < 0 else amount
