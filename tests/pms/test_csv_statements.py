"""The CSV statement export: read whole, checked whole, refused when stale or wrong."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.patient import PatientQuery
from kiosk.pms.csv_statements import CsvStatements
from kiosk.pms.demo import SHOWCASE, DemoPms
from kiosk.ports.pms import PmsBadResponse, PmsRejected, PmsUnavailable
from tests.pms.csv_export import COLUMNS, write_export

SHOW = {s.key: s for s in SHOWCASE}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return write_export(tmp_path / "statements.csv", datetime.now(UTC) - timedelta(hours=2))


def test_same_answers_as_the_demo_clinic(export: Path, tmp_path: Path) -> None:
    source, demo = CsvStatements(export), DemoPms(tmp_path / "demo.sqlite3")
    for key in ("twin_a", "accents", "apostrophe", "two_part", "zero", "credit"):
        who = SHOW[key]
        found = source.find_patients(PatientQuery(who.family, who.birthdate, who.postal_code))
        assert [p.id for p in found] == [p.id for p in demo.find_patients(
            PatientQuery(who.family, who.birthdate, who.postal_code))]
        mine, theirs = source.statement(found[0].id), demo.statement(found[0].id)
        assert mine.total_due == theirs.total_due and mine.lines == theirs.lines
        assert mine.statement_code == theirs.statement_code
        assert source.find_by_statement_code(mine.statement_code.lower()) == found[0]
    assert len(source.find_patients(PatientQuery("Garcia", SHOW["twin_a"].birthdate))) == 2
    assert source.health().ok


def test_as_of_is_the_export_time(export: Path) -> None:
    statement = CsvStatements(export).statement("P000003")
    assert timedelta(hours=1) < datetime.now(UTC) - statement.as_of < timedelta(hours=3)


def test_a_stale_or_missing_export_is_unavailable(export: Path, tmp_path: Path) -> None:
    stale = write_export(tmp_path / "old.csv", datetime.now(UTC) - timedelta(hours=40))
    with pytest.raises(PmsUnavailable, match="40 h old"):
        CsvStatements(stale, max_age=timedelta(hours=36)).statement("P000003")
    with pytest.raises(PmsUnavailable):
        CsvStatements(tmp_path / "absent.csv").find_patients(
            PatientQuery("Nunez", SHOW["accents"].birthdate))
    assert not CsvStatements(stale, max_age=timedelta(hours=36)).health().ok


def _bad_birthdate(row: str) -> str:
    return row.replace(",1972-07-04,", ",1972-13-04,")


def _bad_sum(row: str) -> str:
    return row.rsplit(",", 1)[0] + ",999.99"


def _bad_amount(row: str) -> str:  # the charge column gets a third decimal place
    head, charge, tail = row.rsplit(",", 4)[0], row.rsplit(",", 4)[1], row.rsplit(",", 3)[1:]
    assert charge
    return ",".join([head, "1.234", *tail])


@pytest.mark.parametrize(("change", "reason"), [
    (_bad_birthdate, "birthdate is not a date"),
    (_bad_sum, "patient_responsibility is not"),
    (_bad_amount, "charge is not an amount"),
])
def test_one_bad_row_refuses_the_whole_file(export: Path, change: Callable[[str], str],
                                            reason: str) -> None:
    lines = export.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("P000003,"))
    lines[index] = change(lines[index])
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    source = CsvStatements(export)
    with pytest.raises(PmsBadResponse, match=reason):
        source.find_patients(PatientQuery("Nunez", SHOW["accents"].birthdate))
    with pytest.raises(PmsBadResponse, match=f"row {index + 1}"):
        source.statement("P000003")


def test_missing_columns_and_unknown_patients(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("patient_id,family,birthdate\nP1,Smith,2000-01-01\n", encoding="utf-8")
    with pytest.raises(PmsBadResponse, match="lacks columns: given, balance"):
        CsvStatements(path).statement("P1")
    good = write_export(tmp_path / "good.csv", datetime.now(UTC))
    with pytest.raises(PmsRejected):
        CsvStatements(good).statement("P999999")
    assert set(COLUMNS) >= {"patient_id", "family", "given", "birthdate", "balance"}


def test_a_new_export_is_picked_up(export: Path) -> None:
    source = CsvStatements(export)
    before = source.statement("P000003").as_of
    time.sleep(0.01)
    write_export(export, datetime.now(UTC))
    os.utime(export)
    assert source.statement("P000003").as_of > before
