"""A date-of-birth keypad that cannot produce an impossible date."""

from datetime import date

from kiosk.flow.date_entry import DateEntry

TODAY = date(2026, 11, 27)


def typed(digits: str) -> DateEntry:
    entry = DateEntry(today=TODAY)
    for digit in digits:
        entry = entry.type(digit)
    return entry


def test_months_days_and_years_are_constrained() -> None:
    assert typed("").allowed() == frozenset("01")  # months 01..12
    assert typed("1").allowed() == frozenset("012")
    assert typed("02").allowed() == frozenset("012")  # days 01..29
    assert typed("023").digits == "02"  # February has no 3x
    assert "0" not in typed("0").allowed()  # no month 00
    assert typed("0229").allowed() == frozenset("12")  # years 19xx or 20xx
    # February 29th only in a leap year: 2024 yes, 2023 no
    assert "4" in typed("0229202").allowed() and "3" not in typed("0229202").allowed()


def test_impossible_dates_cannot_be_typed() -> None:
    for impossible in ("1301", "0230", "0431", "00", "02292023", "12312099", "01011899"):
        entry = typed(impossible)
        assert len(entry.digits) < len(impossible), impossible


def test_a_real_date_and_its_editing() -> None:
    entry = typed("07041972")
    assert entry.complete and entry.value == date(1972, 7, 4)
    assert entry.display() == "07 / 04 / 1972"
    assert entry.back().digits == "0704197" and entry.back().value is None
    assert entry.type("5") == entry  # full: nothing more goes in
    assert typed("0704").display() == "07 / 04 / ____"
    assert typed("07").field == "day" and typed("0704").field == "year"


def test_future_dates_cannot_be_finished() -> None:
    assert typed("1128202").allowed() == frozenset("012345")  # 2020..2025 (2026-11-28 > today)
    assert typed("1127202").allowed() == frozenset("0123456")  # today itself is possible
