import pytest

from kiosk.domain.patient import Patient, PatientQuery, mask_name
from kiosk.names import family_name_matches, normalise_name


@pytest.mark.parametrize(("typed", "stored"), [
    ("Nunez", "Núñez"),
    ("OBrien", "O'Brien"),
    ("o'brien", "O’Brien"),
    ("garcia lopez", "García López"),
    ("GarciaLopez", "García-López"),
    ("Garcia", "García López"),  # one part of a two-part surname
    ("Lopez", "García-López"),
    ("smith jones", "Smith-Jones"),
    ("Muller", "Müller"),
    ("Odegaard", "Ødegaard"),
    ("Nguyen", "Nguyễn"),
    ("st john", "St. John"),
])
def test_typed_names_find_stored_names(typed: str, stored: str) -> None:
    assert family_name_matches(typed, stored)


@pytest.mark.parametrize(("typed", "stored"), [
    ("Nunes", "Núñez"),
    ("Brien", "O'Brien"),  # not a separate part: "O'Brien" is one word
    ("G", "García López"),  # too short to mean anything
    ("", "Smith"),
    ("Smith", "Smithson"),
])
def test_other_names_do_not_match(typed: str, stored: str) -> None:
    assert not family_name_matches(typed, stored)


def test_normalisation_is_one_function() -> None:
    assert normalise_name("  D'Angelo-Núñez ") == "dangelonunez"
    assert PatientQuery("O'Brien", __import__("datetime").date(1990, 1, 1)).normalised_family \
        == "obrien"


def test_masked_names_and_repr_hide_phi() -> None:
    from datetime import date

    patient = Patient("P1", "García López", "María José", date(1980, 1, 2), "60601",
                      "3125551234")
    assert patient.display_name == "María G."
    assert "García" not in repr(patient) and "1980" not in repr(patient)
    assert "O'Brien" not in repr(PatientQuery("O'Brien", date(1990, 1, 1)))
    assert mask_name("", "Smith") == "S."
    assert patient.phone_last4 == "1234"
