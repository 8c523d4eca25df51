"""Legal time limits as the catalogue states them (amount and unit of time), and the channels
through which a dossier is received (they decide whether the desk cut-off applies)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# No limit in the law comes near this; it keeps silly input away from the engine.
MAX_AMOUNT = 10_000


class TimeUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("calendar days")
    MONTHS = "months", _("months")


class Channel(models.TextChoices):
    """How a dossier reached the agency; `national_code` is the code of the national portal's
    data (1 Trực tiếp, 2 Trực tuyến, 3 Bưu chính công ích)."""

    DESK = "desk", _("In person")
    ONLINE = "online", _("Online")
    POST = "post", _("Public postal service")

    @property
    def national_code(self) -> int:
        return _NATIONAL_CODES[self]

    @classmethod
    def from_national_code(cls, code: int) -> "Channel":
        for channel, national in _NATIONAL_CODES.items():
            if national == code:
                return channel
        raise ValueError(f"Unknown national channel code {code!r}.")


_NATIONAL_CODES = {Channel.DESK: 1, Channel.ONLINE: 2, Channel.POST: 3}
