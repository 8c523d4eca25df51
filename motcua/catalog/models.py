"""The catalogue of administrative procedures (thủ tục hành chính, TTHC), versioned by the
publication decision (quyết định công bố) that brought each version into force.

A `Procedure` is the identity (its code); each `ProcedureVersion` is one published text of it,
with everything a citizen and the one-stop shop need. A dossier pins the version it was
received under, so later decisions never change the time limit or fees of a dossier.
"""

import datetime
import re
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from motcua.accounts.models import Role
from motcua.agencies.models import Unit
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold
from motcua.worktime.limits import TimeUnit

# "1.001234" nationally; the local variant adds the agency's QCVN 102 code and may carry a
# two-digit suffix for a DVC variant: "1.001234.000.00.00.H41", "2.000815.000.00.00.H55.02".
PROCEDURE_CODE_PATTERN = re.compile(
    r"^(?P<national>\d\.\d{6})(?:\.(?P<agency>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})(?:\.\d{2})?)?$"
)


class AuthorityLevel(models.TextChoices):
    PROVINCE = "PROVINCE", pgettext_lazy("implementing level", "Province")
    COMMUNE = "COMMUNE", pgettext_lazy("implementing level", "Commune")
    MINISTRY_VERTICAL = "MINISTRY_VERTICAL", pgettext_lazy("implementing level", "Vertical branch")


class OnlineLevel(models.TextChoices):
    """NĐ 42/2022/NĐ-CP: information only is not an online public service (DVCTT)."""

    NONE = "NONE", _("Not online")
    INFO = "INFO", _("Online information")
    PARTIAL = "PARTIAL", _("Partial online public service")
    FULL = "FULL", _("Full online public service")


# The levels at which a citizen can submit a dossier online.
SUBMITTABLE_ONLINE_LEVELS = frozenset({OnlineLevel.PARTIAL, OnlineLevel.FULL})


class VersionStatus(models.TextChoices):
    IN_FORCE = "IN_FORCE", pgettext_lazy("procedure status", "In force")
    SUSPENDED = "SUSPENDED", _("Suspended")
    ABOLISHED = "ABOLISHED", _("Abolished")


class UnitScope(models.TextChoices):
    """Who implements the procedure: the units listed on the version, or every commune."""

    LISTED_UNITS = "LISTED_UNITS", _("The listed units")
    EVERY_COMMUNE = "EVERY_COMMUNE", _("Every commune, ward and special zone")


class UnitRole(models.TextChoices):
    RECEIVING = "RECEIVING", _("Receives the dossier")
    PROCESSING = "PROCESSING", _("Processes the dossier")
    COORDINATING = "COORDINATING", _("Coordinates (inter-agency)")
    RESULT = "RESULT", _("Returns the result")


class CopyKind(models.TextChoices):
    ORIGINAL = "ORIGINAL", _("Original")
    COPY = "COPY", _("Copy")
    CERTIFIED_COPY = "CERTIFIED_COPY", _("Certified copy, or copy with the original to compare")
    PRESENT_ORIGINAL = "PRESENT_ORIGINAL", _("Show the original")


class FeeKind(models.TextChoices):
    FEE = "FEE", _("Fee")
    CHARGE = "CHARGE", _("Charge")


def time_amount_display(amount: Decimal | int, unit: str) -> str:
    """An amount of time in words, in the active language: "3 ngày làm việc", "4 giờ"."""
    whole = amount == int(amount)
    count = int(amount) if whole else 2  # a fraction reads as plural
    params = {"amount": int(amount) if whole else number_format(Decimal(amount).normalize())}
    phrases = {
        TimeUnit.WORKING_HOURS: ngettext(
            "%(amount)s working hour", "%(amount)s working hours", count
        ),
        TimeUnit.WORKING_DAYS: ngettext("%(amount)s working day", "%(amount)s working days", count),
        TimeUnit.DAYS: ngettext("%(amount)s day", "%(amount)s days", count),
        TimeUnit.MONTHS: ngettext("%(amount)s month", "%(amount)s months", count),
    }
    return phrases[TimeUnit(unit)] % params


APPLICANT_LABELS = {
    "citizen": _("Citizens"),
    "business": _("Businesses"),
    "household_business": _("Household businesses"),
}
CHANNEL_LABELS = {
    "desk": _("At the one-stop desk"),
    "online": _("Online"),
    "post": _("By public postal service"),
}


class Field(TimeStampedModel):
    """A field of procedures (lĩnh vực), with its code in the national field catalogue."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(TimeStampedModel):
    """The identity of a procedure across its published versions."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_(
            "Code in the national procedure database, for example 1.001234; a local variant "
            "carries the agency code: 1.001234.000.00.00.H41."
        ),
    )
    national_code = models.CharField(
        _("national code"), max_length=8, db_index=True, editable=False
    )
    agency_code = models.CharField(_("agency code"), max_length=13, blank=True, editable=False)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        match = PROCEDURE_CODE_PATTERN.match(self.code)
        if match is not None:
            self.national_code, self.agency_code = match["national"], match["agency"] or ""
        super().save(*args, **kwargs)


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force_on(self, day: datetime.date) -> "ProcedureVersionQuerySet":
        """Versions whose publication applies on the day (suspended ones included: their
        page says so), whatever other versions exist."""
        return self.exclude(status=VersionStatus.ABOLISHED).filter(
            Q(effective_from__lte=day), Q(effective_to__isnull=True) | Q(effective_to__gt=day)
        )

    def current(self, on: datetime.date | None = None) -> "ProcedureVersionQuerySet":
        """One version per procedure: the latest one in force on the day (today by default)."""
        day = on or timezone.localdate()
        applicable = ProcedureVersion.objects.in_force_on(day)
        newer = applicable.filter(procedure_id=OuterRef("procedure_id")).filter(
            Q(effective_from__gt=OuterRef("effective_from"))
            | Q(effective_from=OuterRef("effective_from"), pk__gt=OuterRef("pk"))
        )
        return self.in_force_on(day).filter(~Exists(newer))


class ProcedureVersion(TimeStampedModel):
    """One published version of a procedure, with everything the one-stop shop runs."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("procedure")
    )
    decision_number = models.CharField(
        _("publication decision number"),
        max_length=60,
        help_text=_("Quyết định công bố, for example 1234/QĐ-UBND."),
    )
    decision_date = models.DateField(_("publication decision date"))
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"),
        null=True,
        blank=True,
        help_text=_("The first day this version no longer applies; empty while it applies."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.IN_FORCE
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)

    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="versions", verbose_name=_("field")
    )
    authority_level = models.CharField(
        _("implementing level"), max_length=20, choices=AuthorityLevel.choices, db_index=True
    )
    unit_scope = models.CharField(
        _("implemented by"),
        max_length=20,
        choices=UnitScope.choices,
        default=UnitScope.LISTED_UNITS,
    )
    units: "models.ManyToManyField[Unit, VersionUnit]" = models.ManyToManyField(
        Unit,
        through="VersionUnit",
        related_name="procedure_versions",
        verbose_name=pgettext_lazy("catalogue", "units"),
    )

    for_citizens = models.BooleanField(_("citizens may apply"), default=True)
    for_businesses = models.BooleanField(_("businesses may apply"), default=False)
    for_household_businesses = models.BooleanField(
        _("household businesses may apply"), default=False
    )

    at_desk = models.BooleanField(_("submitted at the desk"), default=True)
    online = models.BooleanField(_("submitted online"), default=False)
    by_post = models.BooleanField(_("submitted by post"), default=False)

    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    time_limit_amount = models.PositiveSmallIntegerField(_("time limit"))
    time_limit_unit = models.CharField(
        _("time limit unit"), max_length=20, choices=TimeUnit.choices
    )
    time_limit_note = models.CharField(_("time limit note"), max_length=500, blank=True)
    cutoff_time = models.TimeField(
        _("afternoon cut-off"),
        null=True,
        blank=True,
        help_text=_(
            "Dossiers received after this time count from the next working day; empty for "
            "the province's rule."
        ),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    result_name = models.CharField(_("result"), max_length=500)
    result_template_name = models.CharField(_("result template"), max_length=255, blank=True)
    result_template_url = models.URLField(_("result template address"), blank=True)
    result_requires_paper_document = models.BooleanField(
        _("result needs a paper document"), default=False
    )
    online_level = models.CharField(
        _("online service level"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.INFO,
        db_index=True,
    )
    eligible_for_full = models.BooleanField(_("eligible for full online service"), default=False)
    has_fee = models.BooleanField(_("has fees or charges"), default=False)
    keywords = models.CharField(
        _("search keywords"),
        max_length=500,
        blank=True,
        help_text=_("Other words people use for this procedure, separated by commas."),
    )
    form_schema = models.JSONField(
        _("online form"),
        default=list,
        blank=True,
        help_text=_("The fields of the online submission form."),
    )

    # Folded (lower-case, no diacritics) text the search reads; written by save().
    search_name = models.CharField(max_length=500, editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "decision_number"], name="procedure_version_decision_unique"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="procedure_version_period",
            ),
        ]
        indexes = [models.Index(fields=["effective_from"], name="catalog_version_from_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.decision_number})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_name = fold(self.name)
        parts = [self.name, self.field.name, self.keywords, self.procedure.code]
        self.search_text = fold(" ".join(part for part in parts if part))

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def accepts_online_submission(self) -> bool:
        return (
            self.online
            and self.online_level in SUBMITTABLE_ONLINE_LEVELS
            and self.status == VersionStatus.IN_FORCE
        )

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def applicant_kinds(self) -> list[str]:
        """Who may apply: "citizen", "business", "household_business"."""
        flags = [
            ("citizen", self.for_citizens),
            ("business", self.for_businesses),
            ("household_business", self.for_household_businesses),
        ]
        return [name for name, flag in flags if flag]

    @property
    def channel_kinds(self) -> list[str]:
        """How to submit: "desk", "online", "post"."""
        flags = [("desk", self.at_desk), ("online", self.online), ("post", self.by_post)]
        return [name for name, flag in flags if flag]

    @property
    def applicant_labels(self) -> list[str]:
        return [str(APPLICANT_LABELS[kind]) for kind in self.applicant_kinds]

    @property
    def channel_labels(self) -> list[str]:
        return [str(CHANNEL_LABELS[kind]) for kind in self.channel_kinds]

    @property
    def legal_basis_list(self) -> list[str]:
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]

    @property
    def time_limit_display(self) -> str:
        """ "3 ngày làm việc": the legal time limit as people read it."""
        return time_amount_display(self.time_limit_amount, self.time_limit_unit)

    def units_with_role(self, role: str) -> list[Unit]:
        """Units with a part in this version (reads the prefetched `unit_roles`)."""
        return [unit_role.unit for unit_role in self.unit_roles.all() if unit_role.role == role]

    @property
    def receiving_units(self) -> list[Unit]:
        return self.units_with_role(UnitRole.RECEIVING)

    @property
    def processing_units(self) -> list[Unit]:
        return self.units_with_role(UnitRole.PROCESSING)

    @property
    def coordinating_units(self) -> list[Unit]:
        return self.units_with_role(UnitRole.COORDINATING)

    @property
    def result_units(self) -> list[Unit]:
        return self.units_with_role(UnitRole.RESULT)


class VersionUnit(models.Model):
    """A unit's part in a version: receiving, processing, coordinating or returning results."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="unit_roles"
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("catalogue", "unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=UnitRole.choices)

    class Meta:
        verbose_name = _("unit of a procedure")
        verbose_name_plural = _("units of a procedure")
        constraints = [
            models.UniqueConstraint(fields=["version", "unit", "role"], name="version_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_role_display()}"


class Component(models.Model):
    """A document of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=1000)
    copy_kind = models.CharField(
        _("original or copy"), max_length=20, choices=CopyKind.choices, default=CopyKind.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    form_name = models.CharField(_("blank form"), max_length=255, blank=True)
    form_url = models.URLField(_("blank form address"), blank=True)
    replaced_by_eform = models.BooleanField(
        _("replaced by the online form"),
        default=False,
        help_text=_("Online, the applicant fills in the structured form instead."),
    )

    class Meta:
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="component_order_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """A fee (phí) or charge (lệ phí) in Vietnamese đồng, for one case."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(pgettext_lazy("fee", "kind"), max_length=10, choices=FeeKind.choices)
    case = models.CharField(_("case"), max_length=500)
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee or charge")
        verbose_name_plural = _("fees and charges")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="fee_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.amount_vnd} VND"

    @property
    def amount_display(self) -> str:
        """The amount with the thousands separator of the active language: "200.000"."""
        return f"{self.amount_vnd:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


class ProcessStep(models.Model):
    """A step of the internal process (quy trình nội bộ) that the one-stop shop runs."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="process_steps"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=500)
    role = models.CharField(_("acting role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting unit"),
        help_text=_("Empty when the unit that received the dossier acts (a commune itself)."),
    )
    duration_amount = models.DecimalField(
        _("share of the time limit"), max_digits=6, decimal_places=2
    )
    duration_unit = models.CharField(_("unit of time"), max_length=20, choices=TimeUnit.choices)
    parallel_with_previous = models.BooleanField(
        _("runs alongside the previous step"),
        default=False,
        help_text=_("Inter-agency steps that run at the same time as the step before."),
    )

    class Meta:
        verbose_name = _("internal process step")
        verbose_name_plural = _("internal process steps")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="process_step_order_unique"),
            models.CheckConstraint(
                condition=Q(duration_amount__gt=Decimal(0)), name="process_step_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    @property
    def duration_display(self) -> str:
        return time_amount_display(self.duration_amount, self.duration_unit)
