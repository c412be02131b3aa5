"""Every patient-facing string goes through ``translate`` so Qt Linguist can find it.

Message codes from the core (``ViewState.message``) map to sentences here,
never in the core, because only the front end knows the patient's language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def message_text(code: str, retry_after_s: int = 0, detail: str = "") -> str:
    messages = {
        "name_too_short": translate("Messages", "Please type at least two letters of your "
                                                "last name."),
        "date_incomplete": translate("Messages", "Please enter your full date of birth."),
        "answer_incomplete": translate("Messages", "Please enter all the digits."),
        "no_match": translate("Messages", "Please check your last name and date of birth "
                                          "and try again, or ask at the front desk."),
        "cooldown": translate("Messages", "Please ask at the front desk for help, or try "
                                          "again in a few minutes."),
        "pms_unavailable": translate("Messages", "We cannot look up accounts right now. "
                                                 "Please ask at the front desk."),
        "nothing_to_pay": translate("Messages", "There is nothing to pay on this account "
                                                "today."),
        "amount_zero": translate("Messages", "Please enter an amount greater than zero."),
        "amount_negative": translate("Messages", "Please enter an amount greater than zero."),
        "amount_above_payable": translate("Messages", "That is more than you owe. Please "
                                                      "enter a smaller amount."),
        "amount_above_limit": translate("Messages", "That is more than can be paid here. "
                                                    "Please enter a smaller amount."),
        "amount_nothing_due": translate("Messages", "There is nothing to pay on this "
                                                    "account today."),
        "amount_kind_not_allowed": translate("Messages", "Please pay toward your balance."),
        "amount_currency": translate("Messages", "This amount cannot be paid here."),
        "method_unavailable": translate("Messages", "That way to pay is not available "
                                                    "right now."),
        "printer_failed": translate("Messages", "The printer is not working right now. "
                                                "Please ask the front desk for a receipt."),
        "no_payment": translate("Messages", "No payment was taken."),
        "queued_email": translate("Messages", "Your receipt will be emailed in a few "
                                              "minutes."),
        "queued_sms": translate("Messages", "Your receipt will be texted in a few minutes."),
        "email_invalid": translate("Messages", "That does not look like an email address. "
                                               "Please check it."),
        "phone_invalid": translate("Messages", "That does not look like a phone number. "
                                               "Please check it."),
        "phone_not_mobile": translate("Messages", "Please enter a mobile number that can "
                                                  "receive text messages."),
        "address_invalid": translate("Messages", "Please check what you typed."),
        "too_many": translate("Messages", "This receipt was already sent several times."),
        "channel_unavailable": translate("Messages", "That is not available right now."),
        "not_paid": translate("Messages", "There is no payment to send a receipt for."),
        "not_sent": translate("Messages", "We could not send the receipt. Please ask the "
                                          "front desk."),
    }
    return messages.get(code, translate("Messages", "Something went wrong. Please ask at the "
                                                    "front desk."))
