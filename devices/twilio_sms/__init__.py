"""Text messages through Twilio's REST API; the simulator is ``devices/simulated_notifier``."""

from devices.twilio_sms.notifier import AUTH_TOKEN_SECRET, TwilioSms

__all__ = ["AUTH_TOKEN_SECRET", "TwilioSms"]
