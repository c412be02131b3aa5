"""HL7 v2 DFT^P03 postings and their acknowledgements.

One message per posting: MSH, EVN, PID (the PMS patient id in PID-3), then
one FT1 with FT1-2 our posting id, FT1-6 the transaction type (PY or CO),
FT1-7 the clinic's transaction code, FT1-11 the amount with the configured
sign. Every part of the message is derived from the posting (MSH-7 and EVN-2
are when it happened, not when it is sent), so a resend is byte-identical and
its MSH-10, a stable digest of the posting id, lets the receiver drop it as a
duplicate.

An acknowledgement must carry MSA-2 == our MSH-10; AA/CA is accepted,
AE/AR/CE/CR is a rejection for staff with the receiver's reason.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import UTC

import hl7

from kiosk.domain.payment import PostingKind
from kiosk.domain.posting import Posting
from kiosk.ports.pms import PmsBadResponse, PmsRejected, PostReceipt

_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"),
            ("\r", " "), ("\n", " "))


def escape(value: str) -> str:
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def control_id(posting_id: str) -> str:
    """A stable MSH-10 for this posting: 20 characters (the field's length in v2.5)."""
    digest = base64.b32encode(hashlib.sha256(posting_id.encode()).digest()).decode()
    return "CP" + digest[:18]


@dataclass(frozen=True)
class Dft03Format:
    sending_application: str = "CLINICPAY"
    sending_facility: str = ""
    receiving_application: str = ""
    receiving_facility: str = ""
    version: str = "2.5.1"
    transaction_type: str = "PY"
    payment_code: str = "KIOSKPAY"
    reversal_code: str = "KIOSKREF"
    payment_sign: str = "negative"


def dft_p03(posting: Posting, fmt: Dft03Format) -> tuple[str, str]:
    """(message text with \\r segment ends, its MSH-10)."""
    msh10 = control_id(posting.id)
    when = posting.occurred_at.astimezone(UTC)
    stamp = when.strftime("%Y%m%d%H%M%S") + "+0000"
    reversal = posting.kind is PostingKind.REVERSAL
    negative = (fmt.payment_sign == "negative") != reversal
    amount = posting.amount.to_decimal()
    signed = f"{'-' if negative and amount else ''}{amount}"
    code = fmt.reversal_code if reversal else fmt.payment_code
    label = "Refund" if reversal else "Payment"
    how = posting.method
    if posting.card_brand or posting.card_last4:
        how += f" {posting.card_brand} ending {posting.card_last4}".rstrip()
    if posting.auth_code:
        how += f" auth {posting.auth_code}"
    description = f"{label} at {posting.channel} {posting.terminal_id}: {how}"[:120]
    segments = [
        "|".join(["MSH", "^~\\&", escape(fmt.sending_application), escape(fmt.sending_facility),
                  escape(fmt.receiving_application), escape(fmt.receiving_facility), stamp, "",
                  "DFT^P03^DFT_P03", msh10, "P", fmt.version, "", "", "AL", "NE", "", "",
                  "UNICODE UTF-8"]),
        "|".join(["EVN", "P03", stamp]),
        "|".join(["PID", "1", "", f"{escape(posting.patient_id)}^^^^PI"]),
        "|".join(["FT1", "1", escape(posting.id), escape(posting.payment_id), when.strftime(
            "%Y%m%d"), when.strftime("%Y%m%d"), fmt.transaction_type,
            f"{escape(code)}^{label}", escape(description), "", "1",
            f"{signed}&{posting.amount.currency}"]),
    ]
    return "\r".join(segments) + "\r", msh10


def read_ack(raw: str, msh10: str) -> PostReceipt:
    """The receipt an accepting ACK stands for; raise for anything else."""
    try:
        message = hl7.parse(raw.replace("\n", "\r"))
        msa = message.segment("MSA")
    except (hl7.ParseException, KeyError, IndexError, ValueError):
        raise PmsBadResponse("the HL7 answer is not an acknowledgement (no MSA)") from None
    code = str(msa[1]).strip() if len(msa) > 1 else ""
    answered_id = str(msa[2]).strip() if len(msa) > 2 else ""
    if answered_id != msh10:
        raise PmsBadResponse("the HL7 acknowledgement answers another message (MSA-2 is not "
                             "our MSH-10)")
    if code in ("AA", "CA"):
        return PostReceipt(f"HL7 {msh10}")
    if code in ("AE", "AR", "CE", "CR"):
        reason = str(msa[3]).strip() if len(msa) > 3 else ""
        try:
            errors = message.segments("ERR")
        except KeyError:
            errors = []
        for err in errors:
            text = str(err[8]).strip() if len(err) > 8 else ""
            text = text or (str(err[3]).split("^")[1] if len(err) > 3
                            and "^" in str(err[3]) else "")
            if text and text not in reason:
                reason = f"{reason}; {text}" if reason else text
        raise PmsRejected(f"HL7 {code}: {reason or 'refused without a reason'}"[:240])
    raise PmsBadResponse(f"the HL7 acknowledgement has an unknown code {code[:4]!r}")
