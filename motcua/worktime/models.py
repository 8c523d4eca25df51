"""The calendar rows layered over the `holidays` package: yearly notices and local decisions
(days off and make-up working days), and each unit's office hours.

Units are referenced by their QCVN 102 code string (`unit_code`), not by a foreign key:
worktime depends on nothing but core, in the code and in the migration graph (see
docs/worktime.md). An empty code means the whole installation, that is the province.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.models import TimeStampedModel
from motcua.worktime import units
from motcua.worktime.engine import DEFAULT_SCHEDULE, FIRST_YEAR, LAST_YEAR

UNIT_CODE_HELP = _(
    "QCVN 102 identifier of the unit (for example 000.00.00.H41); the rows apply to the unit "
    "and every unit below it. Leave empty for the whole province."
)


class NoticeLevel(models.TextChoices):
    NATIONAL = "national", _("National notice")
    LOCAL = "local", _("Local decision")


class DayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING = "working", _("Working day")


def _validate_unit_code(code: str) -> None:
    if code and not units.unit_exists(code):
        raise ValidationError(_("No unit has the code %(code)s."), params={"code": code})


class Notice(TimeStampedModel):
    """A year's official notice of days off for civil servants (Bộ Nội vụ, Văn phòng Chính
    phủ), or a province's or unit's local decision, with its days."""

    level = models.CharField(
        _("level"), max_length=20, choices=NoticeLevel.choices, default=NoticeLevel.NATIONAL
    )
    unit_code = models.CharField(
        _("unit code"), max_length=13, blank=True, db_index=True, help_text=UNIT_CODE_HELP
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    reference = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("For example 12729/VPCP-KGVX."),
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    title = models.CharField(pgettext_lazy("document summary", "title"), max_length=255)

    class Meta:
        verbose_name = _("calendar notice")
        verbose_name_plural = _("calendar notices")
        ordering = ["-year", "issued_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(level="national") | Q(unit_code=""),
                name="worktime_national_notice_has_no_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    def clean(self) -> None:
        self.unit_code = units.normalise(self.unit_code)
        if self.level == NoticeLevel.NATIONAL and self.unit_code:
            raise ValidationError(
                {"unit_code": _("A national notice applies everywhere; leave the unit empty.")}
            )
        try:
            _validate_unit_code(self.unit_code)
        except ValidationError as error:
            raise ValidationError({"unit_code": error}) from None


class NoticeDay(models.Model):
    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("day of a notice")
        verbose_name_plural = _("days of a notice")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["notice", "date"], name="worktime_notice_day_once")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    def clean(self) -> None:
        if not datetime.date(FIRST_YEAR, 1, 1) <= self.date <= datetime.date(LAST_YEAR, 12, 31):
            raise ValidationError(
                {
                    "date": _("The calendar covers %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                }
            )


def _default_time(period: int, edge: int) -> datetime.time:
    return DEFAULT_SCHEDULE.periods[period][edge]


class OfficeHours(TimeStampedModel):
    """A unit's office hours from a date on. The deepest unit of the tree that has rows gives
    the hours to itself and its subtree; without any row the default schedule applies."""

    unit_code = models.CharField(
        _("unit code"), max_length=13, blank=True, db_index=True, help_text=UNIT_CODE_HELP
    )
    valid_from = models.DateField(
        _("valid from"), default=DEFAULT_SCHEDULE.valid_from, help_text=_("First day in force.")
    )
    weekdays = models.CharField(
        _("working weekdays"),
        max_length=7,
        default="12345",
        validators=[
            RegexValidator(
                r"^(?!.*(.).*\1)[1-7]{1,7}$",
                _("List the working weekdays as digits, Monday = 1 to Sunday = 7, e.g. 12345."),
            )
        ],
        help_text=_("Digits of the working weekdays, Monday = 1 to Sunday = 7."),
    )
    morning_start = models.TimeField(_("morning opens"), default=_default_time(0, 0))
    morning_end = models.TimeField(_("morning closes"), default=_default_time(0, 1))
    afternoon_start = models.TimeField(_("afternoon opens"), default=_default_time(1, 0))
    afternoon_end = models.TimeField(_("afternoon closes"), default=_default_time(1, 1))
    desk_cutoff = models.TimeField(
        _("desk cut-off"),
        null=True,
        blank=True,
        default=DEFAULT_SCHEDULE.desk_cutoff,
        help_text=_(
            "Dossiers received at the desk or by post from this time on count as received at "
            "the opening of the next working day. Empty: no cut-off."
        ),
    )
    saturday_morning_receiving = models.BooleanField(
        _("receives on Saturday mornings"),
        default=False,
        help_text=_(
            "The desk receives dossiers on Saturday mornings; their time limit still starts "
            "on the next working day."
        ),
    )

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["unit_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_code", "valid_from"], name="worktime_office_hours_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="worktime_office_hours_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code or '—'} {self.valid_from:%d/%m/%Y}"

    def clean(self) -> None:
        self.unit_code = units.normalise(self.unit_code)
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        if all(times) and not (times[0] < times[1] <= times[2] < times[3]):
            raise ValidationError(
                _("Office hours must run in order: morning opens, closes, afternoon opens, closes.")
            )
        try:
            _validate_unit_code(self.unit_code)
        except ValidationError as error:
            raise ValidationError({"unit_code": error}) from None


class CalendarRevision(models.Model):
    """One row whose token changes with every change of calendar rows, so that every process
    knows when its indexed calendars are out of date."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("calendar revision")

    def __str__(self) -> str:
        return self.token
