"""The counter's messages for staff (English; the counter is a staff tool)."""

from __future__ import annotations

from kiosk.counter.view import CounterView
from ui.texts import translate


def counter_message(view: CounterView) -> str:
    code = view.message
    messages = {
        "bad_credentials": translate("Counter", "Wrong user name or password.")
        + (translate("Counter", " {n} tries left before the account locks.").format(
            n=view.attempts_left) if view.attempts_left else ""),
        "locked": translate("Counter", "This account is locked. Try again in {s} seconds.")
        .format(s=view.retry_after_s),
        "disabled": translate("Counter", "This account is disabled. Ask an administrator."),
        "wrong_user": translate("Counter", "Only the person who locked this screen can "
                                           "unlock it. Sign out to change user."),
        "no_match": translate("Counter", "No patient matches."),
        "name_too_short": translate("Counter", "Type at least two letters of the last name."),
        "search_unsupported": translate("Counter", "This PMS cannot search that way."),
        "pms_unavailable": translate("Counter", "The PMS is not answering. Try again, or "
                                                "take the payment and it will post later."),
        "tendered_short": translate("Counter", "The cash given is less than the amount."),
        "check_number": translate("Counter", "Enter the check number (1 to 10 digits)."),
        "amount_above_payable": translate("Counter", "More than the patient owes."),
        "amount_nothing_due": translate("Counter", "Nothing is owed on this account."),
        "amount_zero": translate("Counter", "Enter an amount greater than zero."),
        "amount_negative": translate("Counter", "Enter an amount greater than zero."),
        "amount_above_limit": translate("Counter", "More than the clinic allows here."),
        "amount_kind_not_allowed": translate("Counter", "This clinic does not take that "
                                                        "kind of payment."),
        "printer_failed": translate("Counter", "The printer did not print."),
        "approval_bad_credentials": translate("Counter", "The supervisor's sign-in failed."),
        "approval_not_allowed": translate("Counter", "That account cannot approve refunds."),
        "approval_locked": translate("Counter", "The supervisor's account is locked."),
        "refund_in_doubt": translate("Counter", "The processor did not confirm the refund. "
                                                "Hand out nothing; it is retried safely."),
        "refund_failed": translate("Counter", "The refund was refused."),
        "not_refundable": translate("Counter", "This payment cannot be refunded."),
        "above_refundable": translate("Counter", "More than can be refunded."),
        "not_voidable": translate("Counter", "This payment cannot be voided; refund it."),
        "not_retryable": translate("Counter", "That posting cannot be retried."),
        "not_resolvable": translate("Counter", "That posting cannot be resolved."),
        "note_refused": translate("Counter", "The note looks like it holds a card number; "
                                             "write it without one."),
        "takeover_already_taken": translate("Counter", "Someone already took that session."),
        "takeover_ended": translate("Counter", "That kiosk session has ended."),
        "takeover_no_session": translate("Counter", "That kiosk session is gone."),
        "not_allowed": translate("Counter", "Your role cannot do that."),
        "import_refused": translate("Counter", "The file was not imported: see the report."),
    }
    return messages.get(code, code.replace("_", " "))
