"""The tree of a province's administrative units and agencies, with their history.

The tree is stored as a materialised path (`path` = ids of the ancestors and the unit,
zero-padded so that ordering by path lists the tree depth-first with siblings in creation
order: "/0000001/0000004/0000017/"), so that a subtree is one `LIKE 'prefix%'` query and the
ancestors are one `id IN (...)` query, at any depth. Moving a unit rewrites its whole
subtree's paths in one UPDATE. Reorganisations never rewrite history: a merged or dissolved
unit gets `valid_to` and a `successor`, and records that point at it keep showing its old
name.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.agencies.validators import validate_admin_unit_code, validate_qcvn102_code
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold

# Ids in the path are zero-padded to this width; wider ids still work (the "/" separators
# keep prefixes exact), they only sort less neatly.
PATH_SEGMENT_WIDTH = 7


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_SEGMENT_WIDTH}d}/"


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

# QĐ 19/2025/QĐ-TTg code lengths by kind; other kinds (agencies) carry no such code.
ADMIN_CODE_LENGTH_BY_KIND = {
    UnitKind.PROVINCE_COMMITTEE: 2,
    UnitKind.FORMER_PROVINCE: 2,
    UnitKind.DISTRICT: 3,
    UnitKind.COMMUNE: 5,
    UnitKind.WARD: 5,
    UnitKind.SPECIAL_ZONE: 5,
}


def subtree_condition(units: Iterable["Unit"], through: str = "") -> Q:
    """Rows in the subtrees of `units`: the units themselves when `through` is empty, or the
    rows of another model whose foreign key `through` points into the subtrees."""
    lookup = f"{through}__path__startswith" if through else "path__startswith"
    condition = Q(pk__in=[])  # matches nothing, so that no unit means no row
    for unit in units:
        condition |= Q(**{lookup: unit.path})
    return condition


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
        return self.filter(subtree_condition(units))

    def search(self, text: str) -> "UnitQuerySet":
        """Units whose name, short name or codes contain every word typed, ignoring diacritics
        and case ("truong vinh" finds "Phường Trường Vinh")."""
        queryset = self
        for word in fold(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset


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
        db_index=True,
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
    end_decision = models.CharField(
        _("decision that ended it"),
        max_length=255,
        blank=True,
        help_text=_("The resolution or decision under which the unit was merged or dissolved."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Folded name, short name and codes, for diacritics-insensitive search on any database.
    search_text = models.CharField(max_length=600, editable=False, default="")

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
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.parent_id is not None and self.pk is not None:
            paths = self._stored_paths()
            if self._is_own_descendant(paths):
                raise ValidationError({"parent": move_into_own_subtree_error(self)})
        parent = self.parent
        if parent is not None and self.valid_to is None and parent.valid_to is not None:
            # A unit in force under an ended one would vanish from every current view.
            raise ValidationError(
                {
                    "parent": gettext(
                        "“%(parent)s” ended on %(day)s: a unit in force cannot be placed under it."
                    )
                    % {"parent": parent.name, "day": parent.valid_to.strftime("%d/%m/%Y")}
                }
            )
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": _("A unit cannot be its own successor.")})
        self._check_admin_code_fits_kind()

    def _check_admin_code_fits_kind(self) -> None:
        if not self.admin_code:
            return
        expected = ADMIN_CODE_LENGTH_BY_KIND.get(self.kind)  # type: ignore[call-overload]
        if expected is None:
            raise ValidationError(
                {
                    "admin_code": _(
                        "Only administrative units (a province, a commune, a ward, a special "
                        "zone or a former district) have an administrative-unit code."
                    )
                }
            )
        if len(self.admin_code) != expected:
            raise ValidationError(
                {
                    "admin_code": _(
                        "The administrative-unit code of a %(kind)s has %(digits)d digits."
                    )
                    % {"kind": self.get_kind_display().lower(), "digits": expected}
                }
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, keeping `path` and `depth` true for the unit and, when its parent changed,
        for its whole subtree (one UPDATE statement, whatever the subtree's size)."""
        self.search_text = fold(
            " ".join([self.name, self.short_name, self.qcvn_code or "", self.admin_code])
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
            if "parent" not in update_fields:
                super().save(*args, **kwargs)
                return
        with transaction.atomic():
            adding = self._state.adding
            paths = self._stored_paths()
            if not adding and self._is_own_descendant(paths):
                raise ValidationError({"parent": move_into_own_subtree_error(self)})
            super().save(*args, **kwargs)
            parent_path = paths[self.parent_id] if self.parent_id is not None else "/"
            new_path = parent_path + path_segment(self.pk)
            new_depth = new_path.count("/") - 2
            old_path = paths.get(self.pk, "")
            if adding or not old_path:
                Unit.objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
            elif new_path != old_path:
                Unit.objects.filter(path__startswith=old_path).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (new_depth - (old_path.count("/") - 2)),
                )
            self.path, self.depth = new_path, new_depth

    def _stored_paths(self) -> dict[int, str]:
        """The paths of this unit and of its parent as the database holds them now (an
        instance in memory may be stale after another unit was moved)."""
        ids = [pk for pk in (self.pk, self.parent_id) if pk is not None]
        if not ids:
            return {}
        return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path"))

    def _is_own_descendant(self, paths: dict[int, str]) -> bool:
        """Whether the chosen parent lies in this unit's own subtree (or is the unit)."""
        if self.pk is None or self.parent_id is None:
            return False
        own, parent = paths.get(self.pk), paths.get(self.parent_id)
        return bool(own and parent and parent.startswith(own))

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path without a query."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]

    def ancestors(self) -> UnitQuerySet:
        """The chain of parents from the root, in one query."""
        return Unit.objects.filter(pk__in=self.ancestor_ids).order_by("depth")

    def descendants(self) -> UnitQuerySet:
        """Every unit below this one, in one query whatever the depth."""
        return Unit.objects.filter(path__startswith=self.path).exclude(pk=self.pk)

    def is_in_force(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or self.valid_to > day)

    def current_successor(self) -> "Unit":
        """The unit in force today that carries this one's work (itself if still in force).

        Follows successor links, reading each successor afresh (one query per
        reorganisation): a former district resolves to the ward that took it over.
        """
        unit, seen = self, {self.pk}
        while (
            not unit.is_in_force()
            and unit.successor_id is not None
            and unit.successor_id not in seen
        ):
            unit = Unit.objects.get(pk=unit.successor_id)
            seen.add(unit.pk)
        return unit


def move_into_own_subtree_error(unit: Unit) -> str:
    return gettext(
        "“%(unit)s” cannot be placed under itself or under one of its own sub-units."
    ) % {"unit": unit.name}
