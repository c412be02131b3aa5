"""Checking, normalising and masking what a patient types as an email address or number.

Checked with well-kept libraries rather than a regular expression of our own:
``email-validator`` (RFC 5321/5322 syntax, internationalised domains; no DNS
look-up, so it works offline and leaks nothing) and ``phonenumbers``
(libphonenumber's rules for every country). A refusal carries a ``code`` the
screens translate and a short English message; it never echoes the input
into logs.
"""

from __future__ import annotations

from kiosk.domain.notice import Channel

# Both libraries are imported where they are used (about 30 ms together): the kiosk
# builds its notice service at start-up, before it is ready for a patient, and only
# needs them when someone types an address. ui/startup.py loads them right after.
_NOT_FOR_TEXTS = ("FIXED_LINE", "TOLL_FREE", "PREMIUM_RATE", "SHARED_COST", "PAGER", "UAN",
                  "VOICEMAIL")


class AddressError(ValueError):
    """What the patient typed cannot be used; nothing was recorded."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # email_invalid | phone_invalid | phone_not_mobile | ...
        self.message = message


def normalise(channel: Channel, text: str, default_region: str = "US") -> str:
    """The address in the form the server wants (email as typed but normalised; E.164)."""
    if channel is Channel.EMAIL:
        return normalise_email(text)
    return normalise_phone(text, default_region)


def normalise_email(text: str) -> str:
    candidate = text.strip()
    if not candidate or len(candidate) > 254:
        raise AddressError("email_invalid", "Please check the email address.")
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        raise AddressError("email_invalid", "Please check the email address.") from None
    return str(checked.normalized)


def normalise_phone(text: str, default_region: str = "US") -> str:
    candidate = text.strip()
    if not candidate or len(candidate) > 32:
        raise AddressError("phone_invalid", "Please check the mobile number.")
    import phonenumbers

    try:
        number = phonenumbers.parse(candidate, default_region)
    except phonenumbers.NumberParseException:
        raise AddressError("phone_invalid", "Please check the mobile number.") from None
    if not phonenumbers.is_valid_number(number):
        raise AddressError("phone_invalid", "Please check the mobile number.")
    if phonenumbers.number_type(number) in {getattr(phonenumbers.PhoneNumberType, kind)
                                            for kind in _NOT_FOR_TEXTS}:
        raise AddressError("phone_not_mobile",
                           "This number cannot receive text messages. Please use a mobile "
                           "number.")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def mask(channel: Channel | str, address: str) -> str:
    """Enough for a patient or staff member to recognise it, not enough to use it."""
    if not address:
        return ""
    if Channel(channel) is Channel.EMAIL:
        local, _, domain = address.rpartition("@")
        name, dot, tld = domain.rpartition(".")
        if not name:
            name, tld, dot = tld, "", ""
        return f"{local[:1]}***@{name[:1]}***{dot}{tld}"
    digits = "".join(ch for ch in address if ch.isdigit())
    return f"***-***-{digits[-4:]}" if len(digits) >= 4 else "***"
