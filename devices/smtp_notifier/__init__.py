"""Email through an SMTP relay: STARTTLS, login, and a stable Message-ID per notice.

The simulator beside it is ``devices/simulated_notifier``.
"""

from devices.smtp_notifier.message import build_message, message_id
from devices.smtp_notifier.notifier import SmtpNotifier

__all__ = ["SmtpNotifier", "build_message", "message_id"]
