"""A deterministic synthetic clinic, generated from a seed.

The same seed gives the same clinic on every machine (dates are anchored to a
fixed day, not to today), so tests and the README can name patients. The
first patients are a fixed showcase of the cases a kiosk must get right.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

GENERATOR_VERSION = 1
#: Dates of service count back from this day, so the clinic never depends on "today".
ANCHOR_DAY = date(2026, 10, 30)

GIVEN = (
    "Maria", "José", "Ana", "Luis", "Sofía", "Carmen", "Miguel", "Lucía", "Jorge", "Elena",
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Charles", "Karen", "Nguyen", "Mai", "Wei", "Li", "Aisha", "Omar", "Fatima",
    "Chloé", "Zoë", "Renée", "André", "Björn", "Søren", "Siobhán", "Seán", "Amélie", "Noé",
)
FAMILY = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
    "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
    "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Núñez", "Peña", "Muñoz",
    "O'Brien", "O'Connor", "D'Angelo", "McDonald", "MacArthur", "Smith-Jones", "Lee-Park",
    "García López", "De la Cruz", "Van der Berg", "Nguyễn", "Trần", "Müller", "Schäfer",
    "Okafor", "Adeyemi", "Kowalski", "Ødegaard", "Løvik", "St. John", "Al-Sayed",
)
SERVICES = (
    ("Office visit, established patient", 12_500, 24_000),
    ("Office visit, new patient", 18_000, 32_000),
    ("Annual preventive exam", 20_000, 35_000),
    ("Flu vaccine", 3_500, 6_500),
    ("Lab: complete blood count", 2_500, 7_500),
    ("Lab: metabolic panel", 3_000, 9_000),
    ("X-ray, chest, two views", 9_000, 22_000),
    ("Electrocardiogram", 6_000, 15_000),
    ("Telehealth visit", 7_500, 15_000),
    ("Physical therapy session", 9_000, 16_000),
    ("Strep test, rapid", 2_000, 4_500),
    ("Urgent care visit", 15_000, 28_000),
)
CITY_ZIPS = ("60601", "60605", "60607", "60610", "60614", "60616", "60622", "60625",
             "60640", "60647", "60657", "60660")


@dataclass
class DemoLine:
    id: str
    date_of_service: date
    description: str
    charge: int
    insurance_paid: int
    adjustment: int

    @property
    def patient_responsibility(self) -> int:
        return self.charge - self.insurance_paid - self.adjustment


@dataclass
class DemoPayment:
    date: date
    amount: int
    method: str


@dataclass
class DemoPatient:
    id: str
    family: str
    given: str
    birthdate: date
    postal_code: str
    phone: str
    account_number: str
    statement_code: str
    account_closed: bool = False
    lines: list[DemoLine] = field(default_factory=list)
    payments: list[DemoPayment] = field(default_factory=list)

    @property
    def balance(self) -> int:
        return (sum(line.patient_responsibility for line in self.lines)
                - sum(payment.amount for payment in self.payments))


@dataclass(frozen=True)
class Showcase:
    """A named demo patient, as the README and the tests refer to them."""

    key: str
    family: str
    given: str
    birthdate: date
    postal_code: str
    phone: str
    shape: str  # "open" | "zero" | "credit" | "partly_paid" | "closed"


SHOWCASE = (
    # Two patients sharing name and birth date, told apart by ZIP code and phone.
    Showcase("twin_a", "Garcia", "Maria", date(1985, 3, 14), "60601", "3125550134", "open"),
    Showcase("twin_b", "García", "María", date(1985, 3, 14), "60614", "7735550178", "open"),
    Showcase("accents", "Núñez", "José", date(1972, 7, 4), "60616", "3125550190", "open"),
    Showcase("apostrophe", "O'Brien", "Siobhán", date(1990, 11, 30), "60657", "3125550111",
             "partly_paid"),
    Showcase("two_part", "García López", "Ana", date(1979, 5, 21), "60622", "3125550122",
             "open"),
    Showcase("hyphen", "Smith-Jones", "Emily", date(2001, 1, 9), "60640", "3125550133", "open"),
    Showcase("zero", "Chen", "Robert", date(1955, 2, 20), "60605", "3125550144", "zero"),
    Showcase("credit", "Okafor", "Linda", date(1968, 9, 9), "60610", "3125550155", "credit"),
    Showcase("closed", "Wright", "Thomas", date(1949, 12, 1), "60625", "3125550166", "closed"),
)


def _statement_code(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no look-alikes (0/O, 1/I)
    body = "".join(rng.choice(alphabet) for _ in range(8))
    check = alphabet[sum(alphabet.index(ch) * (i + 1) for i, ch in enumerate(body)) % 32]
    return f"ST{body}{check}"


def _visits(rng: random.Random, patient_id: str, count: int) -> list[DemoLine]:
    lines: list[DemoLine] = []
    day = ANCHOR_DAY - timedelta(days=rng.randint(5, 40))
    for visit in range(count):
        for item in range(rng.randint(1, 3)):
            description, low, high = rng.choice(SERVICES)
            charge = rng.randint(low // 100, high // 100) * 100
            insured = rng.random() < 0.8
            insurance = (charge * rng.randint(40, 80) // 100) if insured else 0
            adjustment = (charge - insurance) * rng.randint(0, 40) // 100 if insured else 0
            lines.append(DemoLine(f"{patient_id}-{visit + 1}-{item + 1}", day, description,
                                  charge, insurance, adjustment))
        day -= timedelta(days=rng.randint(20, 120))
    lines.sort(key=lambda line: (line.date_of_service, line.id))
    return lines


def _shape(rng: random.Random, patient: DemoPatient, shape: str) -> None:
    owed = patient.balance
    last_day = max(line.date_of_service for line in patient.lines)
    if shape == "zero":
        patient.payments.append(DemoPayment(last_day + timedelta(days=3), owed, "card"))
    elif shape == "credit":
        patient.payments.append(DemoPayment(last_day + timedelta(days=3),
                                            owed + rng.randint(5, 40) * 100, "check"))
    elif shape == "partly_paid" and owed >= 1_000:
        paid = owed * rng.randint(20, 60) // 100 // 100 * 100  # whole dollars, some owed left
        patient.payments.append(DemoPayment(last_day + timedelta(days=2), paid, "card"))


def generate_clinic(seed: int, count: int) -> list[DemoPatient]:
    rng = random.Random(seed)
    patients: list[DemoPatient] = []
    used_codes: set[str] = set()

    def new_code() -> str:
        while True:
            code = _statement_code(rng)
            if code not in used_codes:
                used_codes.add(code)
                return code

    for index in range(count):
        patient_id = f"P{index + 1:06d}"
        if index < len(SHOWCASE):
            show = SHOWCASE[index]
            family, given, birthdate = show.family, show.given, show.birthdate
            postal_code, phone, shape = show.postal_code, show.phone, show.shape
        else:
            family, given = rng.choice(FAMILY), rng.choice(GIVEN)
            birthdate = date(1935, 1, 1) + timedelta(days=rng.randint(0, 365 * 85))
            postal_code = rng.choice(CITY_ZIPS)
            phone = f"{rng.choice(('312', '773', '872'))}555{rng.randint(0, 9999):04d}"
            shape = rng.choices(("open", "zero", "credit", "partly_paid"), (60, 18, 6, 16))[0]
        patient = DemoPatient(
            id=patient_id, family=family, given=given, birthdate=birthdate,
            postal_code=postal_code, phone=phone, account_number=f"A{100000 + index * 7:06d}",
            statement_code=new_code(), account_closed=(shape == "closed"),
        )
        patient.lines = _visits(rng, patient_id, rng.randint(2, 4))
        _shape(rng, patient, shape)
        patients.append(patient)
    return patients
