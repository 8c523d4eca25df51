"""The dossier rules an installation may change, as Django settings with their defaults.

- `MOTCUA_MAX_APOLOGIES` (default 1): how many apologies with a new appointment a dossier
  may get. NĐ 61/2018 and NĐ 107/2021 allowed re-appointing at most once; the rule under
  NĐ 118/2025 is not verified (domain spec §1.2, [U-med]), so it is configurable.
- `MOTCUA_DUE_SOON_WORKING_HOURS` (default 8): a dossier is "due soon" when its appointment
  falls within this many working hours from now.
- `MOTCUA_PAYMENT_STOPS_CLOCK` (default False): whether waiting for a financial obligation
  is excluded from the time limit, as a supplement is (domain spec §4.1, [U-low]).
- `MOTCUA_UPLOAD_MAX_BYTES` (default 10 MiB): the largest file a dossier accepts.
"""

from django.conf import settings


def max_apologies() -> int:
    return int(getattr(settings, "MOTCUA_MAX_APOLOGIES", 1))


def due_soon_working_hours() -> int:
    return int(getattr(settings, "MOTCUA_DUE_SOON_WORKING_HOURS", 8))


def payment_stops_clock() -> bool:
    return bool(getattr(settings, "MOTCUA_PAYMENT_STOPS_CLOCK", False))


def upload_max_bytes() -> int:
    return int(getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))
