"""Periodic tasks (Celery beat in production, see CELERY_BEAT_SCHEDULE in the settings).

Both are idempotent: a message is claimed by one worker at a time and sent once it
succeeds; a lateness warning is recorded once per target, threshold and due moment.
Without a worker (`make run`), the management commands `send_notifications` and
`warn_lateness` do the same work, run by cron or by hand (docs/notifications.md).
"""

from celery import shared_task

from motcua.notifications import dispatch, lateness


@shared_task
def send_notifications() -> dict[str, int]:
    report = dispatch.send_due_messages()
    return {"sent": report.sent, "retrying": report.retrying, "gave_up": report.gave_up}


@shared_task
def warn_lateness() -> dict[str, int]:
    report = lateness.warn_lateness()
    return {**report.warned, "messages": report.messages}
