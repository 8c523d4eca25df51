"""People: citizens and the organisations they represent, and staff with their roles per unit."""

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import (
    normalize_phone,
    validate_cccd,
    validate_phone,
    validate_tax_code,
)
from motcua.agencies.models import Unit
from motcua.core.models import TimeStampedModel


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")


class AccountManager(UserManager["User"]):
    def create_superuser(
        self,
        username: str,
        email: str | None = None,
        password: str | None = None,
        **extra_fields: Any,
    ) -> "User":
        """`createsuperuser` makes a staff account: it signs in at the back-office."""
        extra_fields.setdefault("kind", UserKind.STAFF)
        return super().create_superuser(username, email, password, **extra_fields)


def shown_name(full_name: str, first_name: str, last_name: str, username: str) -> str:
    """How pages name a person (`User.__str__`), from the columns alone: lists read them
    without building the account."""
    return full_name or f"{first_name} {last_name}".strip() or username


class User(AbstractUser):
    """Anyone who signs in: a citizen (phone number or e-mail) or a member of staff.

    `kind` decides the face: citizens use the portal, staff the back-office. Django's own
    `is_staff` flag means only "may open the admin site", which few staff members need.
    """

    kind = models.CharField(
        _("kind"), max_length=10, choices=UserKind.choices, default=UserKind.CITIZEN
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(
        _("phone number"), max_length=15, blank=True, validators=[validate_phone]
    )
    cccd = models.CharField(
        _("citizen identity number (CCCD)"),
        max_length=12,
        blank=True,
        validators=[validate_cccd],
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    objects = AccountManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~Q(phone=""),
                name="user_phone_unique",
                violation_error_message=_("Another account already uses this phone number."),
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="user_email_unique",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
            models.UniqueConstraint(
                fields=["cccd"],
                condition=~Q(cccd=""),
                name="user_cccd_unique",
                violation_error_message=_("Another account already uses this CCCD number."),
            ),
        ]

    def __str__(self) -> str:
        return shown_name(self.full_name, self.first_name, self.last_name, self.username)

    def clean(self) -> None:
        super().clean()
        if self.phone:
            self.phone = normalize_phone(self.phone)
        self.email = self.email.strip().lower()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.phone:
            self.phone = normalize_phone(self.phone)
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD_BUSINESS = "household_business", _("Household business")
    COOPERATIVE = "cooperative", _("Cooperative")
    OTHER = "other", _("Other organisation")


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    tax_code = models.CharField(
        _("tax code"), max_length=14, unique=True, validators=[validate_tax_code]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    representatives: "models.ManyToManyField[User, Representation]" = models.ManyToManyField(
        User,
        through="Representation",
        related_name="organisations",
        verbose_name=_("representatives"),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Representation(TimeStampedModel):
    """A citizen may act for an organisation (legal representative or authorised person)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("user"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="representation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation}"


class Role(models.TextChoices):
    RECEPTION_OFFICER = "reception_officer", _("One-stop officer (reception and results)")
    SPECIALIST = "specialist", _("Specialist")
    DIVISION_LEADER = "division_leader", _("Division leader")
    AGENCY_LEADER = "agency_leader", _("Agency leader")
    CLERK = "clerk", _("Clerk")
    SUPERVISOR = "supervisor", _("Supervisor")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")


# Roles that see the whole subtree under their unit, not only the unit itself.
SUBTREE_ROLES = frozenset({Role.SUPERVISOR, Role.SYSTEM_ADMINISTRATOR})
# Roles that reach every row, wherever their membership sits (motcua.accounts.scoping).
UNRESTRICTED_ROLES = frozenset({Role.SYSTEM_ADMINISTRATOR})


class StaffMembership(TimeStampedModel):
    """A member of staff holds a role in a unit; one person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]
        indexes = [models.Index(fields=["unit", "role"], name="membership_unit_role_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
