"""What ``kiosk doctor`` says about notices: each channel's server, and the queue.

Every check is a probe that sends nothing: SMTP connects, starts TLS and logs
in; the SMS gateway fetches our own account. Notices are never required for
taking payments, so a failure here is a warning, not a stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.domain.notice import Channel

if TYPE_CHECKING:
    from kiosk.app import App


def notice_checks(app: App) -> list[tuple[str, bool, bool, str]]:
    """(name, ok, required, detail) for each channel and for the notice queue."""
    checks: list[tuple[str, bool, bool, str]] = []
    worker, notices = app.notice_worker, app.notices
    if worker is None or notices is None:
        return checks
    for channel in Channel:
        notifier = worker.notifiers.get(channel)
        if notifier is None:
            checks.append((channel.value, True, False, "not configured"))
            continue
        health = notifier.probe()
        checks.append((channel.value, health.ok, False, health.detail))
    if notices.channels:
        counts = notices.counts()
        detail = f"{counts['queued']} notices queued, {counts['attention']} need attention"
        if app.config.notify.store_address_in_pms:
            from kiosk.ports.contacts import ContactStore

            if not isinstance(app.pms, ContactStore):
                detail += ("; store_address_in_pms is on but this PMS adapter cannot store "
                           "contacts, so addresses are erased instead")
        checks.append(("notices", counts["attention"] == 0, False, detail))
    return checks
