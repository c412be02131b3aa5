"""Date-of-birth entry on a keypad that cannot produce an impossible date.

The patient types MM DD YYYY. After every digit, :meth:`DateEntry.allowed`
says which digits can still lead to a real, possible birth date; the screen
disables the others. So "02/30", "13/01" and "02/29/2023" cannot be typed at
all, and a future date cannot be finished.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

FIELDS = (("month", 2), ("day", 2), ("year", 4))
EARLIEST_YEAR = 1900


@dataclass(frozen=True, slots=True)
class DateEntry:
    digits: str = ""
    today: date = date(2100, 1, 1)

    @property
    def complete(self) -> bool:
        return len(self.digits) == 8

    @property
    def value(self) -> date | None:
        if not self.complete:
            return None
        month, day, year = int(self.digits[:2]), int(self.digits[2:4]), int(self.digits[4:])
        return date(year, month, day)

    @property
    def field(self) -> str:
        """The field the next digit goes into ("month", "day", "year" or "" when done)."""
        position = len(self.digits)
        for name, width in FIELDS:
            if position < width:
                return name
            position -= width
        return ""

    def parts(self) -> tuple[str, str, str]:
        return self.digits[:2], self.digits[2:4], self.digits[4:8]

    def display(self) -> str:
        month, day, year = self.parts()
        return f"{month:_<2} / {day:_<2} / {year:_<4}"

    def allowed(self) -> frozenset[str]:
        if self.complete:
            return frozenset()
        return frozenset(d for d in "0123456789" if self._feasible(self.digits + d))

    def type(self, digit: str) -> DateEntry:
        if digit not in self.allowed():
            return self
        return DateEntry(self.digits + digit, self.today)

    def back(self) -> DateEntry:
        return DateEntry(self.digits[:-1], self.today)

    def clear(self) -> DateEntry:
        return DateEntry("", self.today)

    def _feasible(self, prefix: str) -> bool:
        """Is there any possible birth date (1900..today) starting with these digits?"""
        months = [m for m in range(1, 13) if f"{m:02d}".startswith(prefix[:2])]
        if not months:
            return False
        day_prefix, year_prefix = prefix[2:4], prefix[4:8]
        years = [y for y in range(EARLIEST_YEAR, self.today.year + 1)
                 if str(y).startswith(year_prefix)]
        for year in years:
            for month in months:
                last = calendar.monthrange(year, month)[1]
                for day in range(1, last + 1):
                    if f"{day:02d}".startswith(day_prefix) and date(year, month, day) <= self.today:
                        return True
        return False
