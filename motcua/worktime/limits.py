"""Legal time limits as the catalogue states them (amount and unit of time)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("calendar days")
    MONTHS = "months", _("months")
