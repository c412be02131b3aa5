"""One notice as an RFC 5322 message: plain text, and HTML with its inline QR code.

```
multipart/alternative
├── text/plain                      (quoted-printable, UTF-8)
└── multipart/related
    ├── text/html                   (quoted-printable, UTF-8)
    └── image/png                   (base64, Content-ID = the HTML's cid:)
```
Everything is 7-bit on the wire, so any relay takes it without 8BITMIME. The
Message-ID is derived from the notice id alone, so every resend of a notice
carries the same one and mail systems that de-duplicate on it show one message.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from kiosk.ports.notifier import Notice


def message_id(notice_id: str, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "clinicpay-kiosk.invalid"
    return f"<{notice_id}@{domain}>"


def build_message(notice: Notice, from_address: str, from_name: str = "") -> EmailMessage:
    msg = EmailMessage(policy=policy.SMTP)
    local, _, domain = from_address.rpartition("@")
    msg["From"] = Address(display_name=from_name, username=local, domain=domain)
    msg["To"] = notice.to
    msg["Subject"] = notice.subject
    msg["Date"] = format_datetime((notice.created_at or datetime.now(UTC)).astimezone(UTC))
    msg["Message-ID"] = message_id(notice.id, from_address)
    # RFC 3834: an automatic message; vacation responders should stay quiet.
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(notice.text, cte="quoted-printable")
    if notice.html:
        msg.add_alternative(notice.html, subtype="html", cte="quoted-printable")
        if notice.images:
            parts = [part for part in msg.iter_parts() if isinstance(part, EmailMessage)]
            html_part = parts[1]
            for image in notice.images:
                maintype, _, subtype = image.mime.partition("/")
                html_part.add_related(image.data, maintype, subtype, cid=f"<{image.cid}>",
                                      disposition="inline")
    return msg
