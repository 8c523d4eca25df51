"""The notification settings an installation may change, as Django settings with defaults.

- `MOTCUA_NOTIFICATION_MAX_ATTEMPTS` (default 12): attempts before a message is marked
  failed (it stays in the outbox; "Retry now" in the admin sends it again).
- `MOTCUA_NOTIFICATION_RETRY_SECONDS` (default 60): the wait after the first failure; each
  further failure doubles it (exponential backoff) ...
- `MOTCUA_NOTIFICATION_RETRY_MAX_SECONDS` (default 21600, six hours): ... up to this.
- `MOTCUA_NOTIFICATION_BATCH_SIZE` (default 200): messages one dispatcher run claims.
- `MOTCUA_NOTIFICATION_CLAIM_SECONDS` (default 300): how long a claimed message is left to
  the worker that claimed it before another worker may try it (a worker that died).
- `MOTCUA_DOSSIER_WARNING_WORKING_HOURS` (default 0: the inboxes' "due soon" window,
  MOTCUA_DUE_SOON_WORKING_HOURS, 8): a dossier is warned about when its appointment is
  this many working hours away.
- `MOTCUA_STEP_WARNING_WORKING_HOURS` (default 4): the same for a row of the control slip.
"""

from django.conf import settings

from motcua.dossiers import conf as dossier_conf


def _int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_attempts() -> int:
    return _int("MOTCUA_NOTIFICATION_MAX_ATTEMPTS", 12)


def retry_seconds() -> int:
    return _int("MOTCUA_NOTIFICATION_RETRY_SECONDS", 60)


def retry_max_seconds() -> int:
    return _int("MOTCUA_NOTIFICATION_RETRY_MAX_SECONDS", 6 * 3600)


def batch_size() -> int:
    return _int("MOTCUA_NOTIFICATION_BATCH_SIZE", 200)


def claim_seconds() -> int:
    return _int("MOTCUA_NOTIFICATION_CLAIM_SECONDS", 300)


def dossier_warning_working_hours() -> int:
    return _int("MOTCUA_DOSSIER_WARNING_WORKING_HOURS", 0) or dossier_conf.due_soon_working_hours()


def step_warning_working_hours() -> int:
    return _int("MOTCUA_STEP_WARNING_WORKING_HOURS", 4)
