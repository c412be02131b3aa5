"""What a receipt or reminder says, as plain text, HTML and an SMS.

Rendered from the ledger at send time, from the same facts every time, so a
resend of the same notice is the same message. The HTML is built for email
clients (tables and inline styles, no scripts, no remote images): the QR code
travels inside the message as an inline PNG. Every value is escaped.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from kiosk.domain.money import Money
from kiosk.domain.notice import Channel
from kiosk.notify import wording
from kiosk.ports.notifier import InlineImage, Notice


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    name: str
    address: str
    timezone: str
    portal_url: str = ""
    #: Template of the e-receipt address; "{reference}" becomes the payment id.
    receipt_link: str = ""

    def receipt_url(self, reference: str) -> str:
        if self.receipt_link:
            return self.receipt_link.replace("{reference}", quote(reference, safe=""))
        return self.portal_url


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    reference: str  # our payment id
    amount: Money
    method: str
    card_brand: str
    card_last4: str
    paid_at: datetime


@dataclass(frozen=True, slots=True)
class ReminderFacts:
    reference: str  # the statement code the patient can quote
    balance: Money


def receipt_notice(notice_id: str, channel: Channel, to: str, facts: ReceiptFacts,
                   clinic: ClinicInfo, lang: str, created_at: datetime) -> Notice:
    w = wording.words(lang)
    amount = facts.amount.format()
    if channel is Channel.SMS:
        text = w["sms_receipt"].format(amount=amount, reference=facts.reference)
        return Notice(notice_id, channel.value, to, "", text, created_at=created_at)
    rows = [_Row(w["paid_with"], wording.paid_with(facts.method, facts.card_brand,
                                                   facts.card_last4, lang)),
            _Row(w["date"], wording.when(facts.paid_at, clinic.timezone, lang)),
            _Row(w["reference"], facts.reference, mono=True)]
    link = clinic.receipt_url(facts.reference)
    # the e-receipt itself when the clinic has one, else the patient portal
    view, scan = ("view_receipt", "scan_receipt") if clinic.receipt_link \
        else ("view_account", "scan_account")
    page = _Page(lang, clinic, w["receipt_title"], w["amount_paid"], amount, rows, link,
                 w[view], w[scan], w["thanks"],
                 w["why_receipt"].format(clinic=clinic.name), notice_id)
    return Notice(notice_id, channel.value, to, w["receipt_subject"].format(clinic=clinic.name),
                  page.text(), page.html(), page.images(), created_at=created_at)


def reminder_notice(notice_id: str, channel: Channel, to: str, facts: ReminderFacts,
                    clinic: ClinicInfo, lang: str, created_at: datetime) -> Notice:
    w = wording.words(lang)
    amount = facts.balance.format()
    if channel is Channel.SMS:
        text = w["sms_reminder"].format(amount=amount, reference=facts.reference)
        return Notice(notice_id, channel.value, to, "", text, created_at=created_at)
    rows = [_Row(w["reference"], facts.reference, mono=True)] if facts.reference else []
    page = _Page(lang, clinic, w["reminder_title"], w["balance"], amount, rows,
                 clinic.portal_url, w["pay_online"], w["scan_pay"], "",
                 w["why_reminder"], notice_id)
    return Notice(notice_id, channel.value, to,
                  w["reminder_subject"].format(clinic=clinic.name), page.text(), page.html(),
                  page.images(), created_at=created_at)


def html_for_preview(notice: Notice) -> str:
    """The HTML part with its inline images as data: addresses, for a browser preview."""
    page = notice.html
    for image in notice.images:
        data = base64.b64encode(image.data).decode("ascii")
        page = page.replace(f"cid:{image.cid}", f"data:{image.mime};base64,{data}")
    return page


@dataclass(frozen=True, slots=True)
class _Row:
    label: str
    value: str
    mono: bool = False  # references: fixed width, so a long id stays on one line


@dataclass(frozen=True, slots=True)
class _Page:
    lang: str
    clinic: ClinicInfo
    title: str
    amount_label: str
    amount: str
    rows: list[_Row]
    link: str
    link_label: str
    scan_label: str
    thanks: str
    footer: str
    notice_id: str

    @property
    def cid(self) -> str:
        return f"qr-{self.notice_id}@clinicpay-kiosk"

    def images(self) -> tuple[InlineImage, ...]:
        if not self.link:
            return ()
        from kiosk.qr import qr_png  # qrcode at first use, not while the kiosk starts

        return (InlineImage(self.cid, "image/png", qr_png(self.link, scale=6)),)

    def text(self) -> str:
        width = max(len(label) for label in [self.amount_label, *(r.label for r in self.rows)])
        width += 2
        lines = [self.clinic.name, self.title, "",
                 f"{self.amount_label + ':':<{width}}{self.amount}"]
        lines += [f"{row.label + ':':<{width}}{row.value}" for row in self.rows]
        if self.link:
            lines += ["", f"{self.link_label}: {self.link}"]
        if self.thanks:
            lines += ["", self.thanks]
        lines += ["", "--"]
        if self.clinic.address:
            lines.append(self.clinic.address.replace("\n", ", "))
        lines.append(self.footer)
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        e = html.escape
        mono = "font-family:Consolas,Menlo,'DejaVu Sans Mono',monospace;font-size:12px;"
        row_html = "".join(
            f'<tr><td style="padding:6px 0;color:#52606d;font-size:14px;vertical-align:top;'
            f'width:30%;">{e(row.label)}</td><td style="padding:6px 0;font-size:14px;'
            f'{mono if row.mono else ""}word-break:break-all;">{e(row.value)}</td></tr>'
            for row in self.rows)
        qr = ""
        if self.link:
            qr = (f'<tr><td align="center" style="padding:12px 28px 4px;">'
                  f'<a href="{e(self.link)}"><img src="cid:{e(self.cid)}" width="168" '
                  f'height="168" alt="{e(self.scan_label)}" style="display:block;border:0;">'
                  f'</a></td></tr><tr><td align="center" style="padding:0 28px 4px;'
                  f'font-size:12px;color:#52606d;">{e(self.scan_label)}</td></tr>'
                  f'<tr><td align="center" style="padding:4px 28px 16px;font-size:14px;">'
                  f'<a href="{e(self.link)}" style="color:#0b5fa3;">{e(self.link_label)}</a>'
                  f'</td></tr>')
        thanks = (f'<tr><td style="padding:8px 28px 16px;font-size:16px;">{e(self.thanks)}'
                  f'</td></tr>') if self.thanks else ""
        address = "<br>".join(e(part) for part in self.clinic.address.split("\n") if part)
        return (
            f'<!DOCTYPE html><html lang="{e(wording.language(self.lang))}"><head>'
            f'<meta charset="utf-8"><meta name="viewport" content="width=device-width">'
            f'<title>{e(self.title)}</title></head>'
            f'<body style="margin:0;padding:0;background:#eef1f4;">'
            f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            f'style="background:#eef1f4;"><tr><td align="center" style="padding:24px 12px;">'
            f'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
            f'style="max-width:480px;background:#ffffff;border-radius:8px;'
            f'font-family:Arial,Helvetica,sans-serif;color:#1f2933;">'
            f'<tr><td style="padding:24px 28px 2px;font-size:20px;font-weight:bold;">'
            f'{e(self.clinic.name)}</td></tr>'
            f'<tr><td style="padding:0 28px 14px;font-size:13px;color:#52606d;'
            f'text-transform:uppercase;letter-spacing:1px;">{e(self.title)}</td></tr>'
            f'<tr><td style="padding:10px 28px 4px;border-top:1px solid #e4e7eb;">'
            f'<div style="font-size:13px;color:#52606d;">{e(self.amount_label)}</div>'
            f'<div style="font-size:34px;font-weight:bold;">{e(self.amount)}</div></td></tr>'
            f'<tr><td style="padding:6px 28px 12px;"><table role="presentation" width="100%" '
            f'cellpadding="0" cellspacing="0">{row_html}</table></td></tr>'
            f'{qr}{thanks}'
            f'<tr><td style="padding:14px 28px 22px;font-size:12px;color:#7b8794;'
            f'border-top:1px solid #e4e7eb;">{address}{"<br>" if address else ""}'
            f'{e(self.footer)}</td></tr>'
            f'</table></td></tr></table></body></html>'
        )
