"""Finding the patient: exactly one match or nothing shown, with a cool-down on guessing."""

from kiosk.lookup.cooldown import Cooldown
from kiosk.lookup.service import LookupOutcome, LookupResult, LookupService

__all__ = ["Cooldown", "LookupOutcome", "LookupResult", "LookupService"]
