"""What each screen says out loud, in the patient's language.

ADA 2010 §707.5: speech must be available for everything shown, and private
when it is personal. So names, amounts and dates are spoken only after the
patient confirms headphones (``private_listening``); until then the voice
guides without them.
"""

from __future__ import annotations

from kiosk.flow.view import Screen, ViewState
from kiosk.speech.spoken import spoken_amount, spoken_date
from ui.texts import message_text, translate


def line_explanation(state: ViewState, index: int, spoken: bool) -> str:
    """"Your insurance paid $80.00, the clinic adjusted $20.00, you owe $25.00"."""
    statement = state.statement
    if statement is None:
        return ""
    line = statement.lines[index]
    language = state.prefs.language

    def money(amount: object) -> str:
        from kiosk.domain.money import Money

        assert isinstance(amount, Money)
        return spoken_amount(amount, language) if spoken else amount.format()

    day = spoken_date(line.date_of_service, language) if spoken \
        else line.date_of_service.strftime("%m/%d/%Y")
    return translate(
        "Statement", "{service} on {date}: the charge was {charge}. Your insurance paid "
                     "{insurance}, the clinic adjusted {adjustment}, you owe {owe}.").format(
        service=line.description, date=day, charge=money(line.charge),
        insurance=money(line.insurance_paid), adjustment=money(line.adjustment),
        owe=money(line.patient_responsibility))


def screen_speech(state: ViewState) -> str:
    """The words that introduce a screen when it appears (and when Help is pressed)."""
    private = state.prefs.private_listening
    language = state.prefs.language
    keys = translate("Speech", "Move with the arrow keys, press Enter to choose, Escape to go "
                               "back, and F1 for help.")
    screen = state.screen
    if screen is Screen.ATTRACT:
        intro = translate("Speech", "Welcome. You can pay your clinic bill here. Press Enter "
                                    "to start.")
        if state.prefs.audio and not private:
            intro += " " + translate("Speech", "Your name and amounts are not read aloud until "
                                               "you confirm you are using headphones: press "
                                               "F3.")
        return f"{intro} {keys}"
    if screen is Screen.NAME:
        return translate("Speech", "What is your last name? Type it on the keyboard, then "
                                   "choose Continue.")
    if screen is Screen.BIRTHDATE:
        return translate("Speech", "What is your date of birth? Type two digits for the month, "
                                   "two for the day, and four for the year, then choose "
                                   "Continue.")
    if screen is Screen.MORE:
        return translate("Speech", "More than one account matches. Type your ZIP code.") \
            if state.ask_for == "postal_code" else translate(
                "Speech", "More than one account matches. Type the last four digits of your "
                          "phone number.")
    if screen is Screen.NOT_FOUND:
        return message_text(state.message, state.retry_after_s)
    if screen is Screen.STATEMENT and state.statement is not None:
        statement = state.statement
        if not private:
            return translate("Speech", "Your statement is ready. To hear your name and the "
                                       "amounts, confirm you are using headphones: press F3. "
                                       "To pay, choose Pay now.")
        lines = " ".join(line_explanation(state, i, spoken=True)
                         for i in range(len(statement.lines)))
        return translate("Speech", "Hello, {name}. {lines} Your total due is {total}. To pay, "
                                   "choose Pay now.").format(
            name=statement.display_name.rstrip("."), lines=lines,
            total=spoken_amount(statement.total_due, language))
    if screen is Screen.AMOUNT:
        if private and state.statement is not None and state.statement.payable.cents > 0:
            return translate("Speech", "How much would you like to pay? You can pay the full "
                                       "balance of {amount}, or another amount.").format(
                amount=spoken_amount(state.statement.payable, language))
        return translate("Speech", "How much would you like to pay? Choose the full balance "
                                   "or another amount.")
    if screen is Screen.OTHER_AMOUNT:
        return translate("Speech", "Type the amount with the number keys. The last two digits "
                                   "are the cents: 2, 5, 0, 0 is 25 dollars.")
    if screen is Screen.METHOD:
        if not state.methods:
            return translate("Speech", "Payments are not available here right now. Please pay "
                                       "at the front desk.")
        return translate("Speech", "How would you like to pay? The card terminal is next to "
                                   "this screen.")
    if screen is Screen.PROCESSING:
        return progress_speech(state)
    if screen is Screen.PHONE:
        return translate("Speech", "A code to scan with your phone's camera is on the screen. "
                                   "If you cannot use it, press Escape and pay with a card.")
    if screen is Screen.RESULT and state.result is not None:
        result = state.result
        if result.approved:
            if private:
                return translate("Speech", "Payment approved. {amount} was paid.").format(
                    amount=spoken_amount(result.amount, language))
            return translate("Speech", "Payment approved.")
        if result.outcome == "declined":
            return translate("Speech", "Your card was declined. No money was taken. You can "
                                       "try again.")
        if result.outcome == "canceled":
            return translate("Speech", "Payment canceled. No money was taken.")
        return translate("Speech", "We could not confirm your payment. Please see the front "
                                   "desk. You will not be charged twice.")
    if screen is Screen.RECEIPT:
        return translate("Speech", "Would you like a receipt? You can print it, or have it "
                                   "emailed or texted.")
    if screen is Screen.SEND_RECEIPT:
        return translate("Speech", "Type your email address.") \
            if state.notice_channel == "email" else translate("Speech", "Type your mobile "
                                                                        "number.")
    if screen is Screen.CONFIRM_SEND:
        return translate("Speech", "Send your receipt to the address you typed? Choose Send, "
                                   "or Change it.")
    if screen is Screen.THANK_YOU:
        return translate("Speech", "Thank you. Have a good day.")
    if screen is Screen.OUT_OF_SERVICE:
        return translate("Speech", "Sorry, this kiosk is out of service. Please pay at the "
                                   "front desk.")
    return ""


def progress_speech(state: ViewState) -> str:
    return {
        "": translate("Speech", "Getting the card terminal ready."),
        "present_card": translate("Speech", "Insert, tap or swipe your card on the terminal "
                                            "next to this screen."),
        "processing": translate("Speech", "Processing. Please wait."),
        "remove_card": translate("Speech", "Please remove your card."),
        "canceling": translate("Speech", "Canceling."),
    }.get(state.progress, state.progress_text)


def idle_speech(state: ViewState) -> str:
    return translate("Speech", "Are you still there? Press any key to continue. Your session "
                               "ends in {seconds} seconds.").format(seconds=state.idle_warning_s)
