"""Quiet hours: the part of the clinic's day in which no reminder goes out.

Reckoned in the clinic's time zone (``clinic.timezone``), across midnight
("20:00" to "09:00") and across daylight-saving changes: the end of quiet
hours is a wall-clock time, found again on the right local day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_hhmm(text: str) -> time:
    hours, _, minutes = text.partition(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time
    timezone: str

    @classmethod
    def from_config(cls, start: str, end: str, timezone: str) -> QuietHours:
        return cls(parse_hhmm(start), parse_hhmm(end), timezone)

    def contains(self, moment: datetime) -> bool:
        if self.start == self.end:
            return False  # no quiet hours
        local = moment.astimezone(ZoneInfo(self.timezone)).time().replace(tzinfo=None)
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def ends_after(self, moment: datetime) -> datetime:
        """The first instant at or after ``moment`` outside quiet hours (UTC)."""
        if not self.contains(moment):
            return moment
        zone = ZoneInfo(self.timezone)
        local = moment.astimezone(zone)
        day = local.date()
        if local.time().replace(tzinfo=None) >= self.end and self.start > self.end:
            day += timedelta(days=1)  # after the evening start: quiet until tomorrow morning
        return datetime.combine(day, self.end, tzinfo=zone).astimezone(UTC)
