"""The tree of a province's administrative units and agencies, with their history.

The tree is stored as a materialised path (`path` = ids of the ancestors and the unit,
"/1/4/17/"), so that a subtree is one `LIKE 'prefix%'` query and the ancestors are one
`id IN (...)` query, at any depth. Reorganisations never rewrite history: a merged or
dissolved unit gets `valid_to` and a `successor`, and records that point at it keep
showing its old name.
"""

import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.validators import validate_admin_unit_code, validate_qcvn102_code
from motcua.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    PROVINCE_COMMITTEE = "province_committee", _("Provincial People's Committee")
    PROVINCE_COUNCIL = "province_council", _("Provincial People's Council")
    DEPARTMENT = "department", _("Department, board or sector")
    SERVICE_CENTRE = "service_centre", _("Public Administration Service Centre")
    RECEPTION_POINT = "reception_point", _("Reception point")
    DIVISION = "division", _("Division or sub-department")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    VERTICAL_BRANCH = "vertical_branch", _("Vertical branch")
    DISTRICT = "district", _("District (before 1/7/2025)")
    FORMER_PROVINCE = "former_province", _("Province (before 1/7/2025)")


# The kinds that are administrative units (a territory with a people's committee).
COMMUNE_LEVEL_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


class UnitQuerySet(models.QuerySet["Unit"]):
    def current(self, on: datetime.date | None = None) -> "UnitQuerySet":
        """Units in force on a date (today by default)."""
        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def historical(self) -> "UnitQuerySet":
        return self.filter(valid_to__isnull=False, valid_to__lte=timezone.localdate())

    def subtree_of(self, *units: "Unit") -> "UnitQuerySet":
        """The units and all their descendants, in one query whatever the depth."""
        condition = Q(pk__in=[])
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)


class Unit(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"),
        max_length=30,
        help_text=_("Used in document numbers, for example UBND, SNV, VP."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=UnitKind.choices, db_index=True)
    qcvn_code = models.CharField(
        _("QCVN 102 identifier"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_qcvn102_code],
        help_text=_("Agency identifier per QCVN 102:2016, for example 000.00.00.H41."),
    )
    admin_code = models.CharField(
        _("administrative-unit code"),
        max_length=5,
        blank=True,
        validators=[validate_admin_unit_code],
        help_text=_("QĐ 19/2025/QĐ-TTg: 2 digits for a province, 5 for a commune."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("The first day the unit no longer exists; empty while it is in force."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("The unit that took over its work after a merger or dissolution."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_period",
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")), name="unit_not_own_successor"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path contains the unit's own id, which exists only after the first insert.
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if path != self.path:
            self.path, self.depth = path, path.count("/") - 2
            Unit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path without a query."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]

    def ancestors(self) -> UnitQuerySet:
        """The chain of parents from the root, in one query."""
        return Unit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def descendants(self) -> UnitQuerySet:
        return Unit.objects.filter(path__startswith=self.path).exclude(pk=self.pk)

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to > day)

    def current_successor(self) -> "Unit":
        """The unit in force today that carries this one's work (itself if still in force).

        Follows successor links: a former district resolves to the ward that took it over.
        """
        unit, seen = self, {self.pk}
        while (
            not unit.is_in_force() and unit.successor is not None and unit.successor_id not in seen
        ):
            unit = unit.successor
            seen.add(unit.pk)
        return unit
