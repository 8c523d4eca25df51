"""The citizen's evaluation of how a dossier was handled (TT 01/2018/TT-VPCP, Chapter III;
domain spec §5.1): one per dossier, an overall satisfaction level, the indicators a citizen
can judge from the nine of TT 01/2018, and a comment.

An evaluation is a record, never edited: it is written once by `services.evaluate` (the
applicant on the portal, or a one-stop officer copying a paper form at the desk).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit
from motcua.dossiers.models import Dossier


class Level(models.TextChoices):
    """The citizen's overall satisfaction, reported as a share of the forms."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class EvaluationChannel(models.TextChoices):
    PORTAL = "portal", _("Public-service portal")
    DESK = "desk", _("Paper form at the one-stop desk")


# The indicators of TT 01/2018 that the person who went through the procedure can judge
# (the others, the times of indicators 1 and 2, the publication of procedures and the
# handling of feedback, are measured from records). Each answer is optional.


class Contacts(models.TextChoices):
    """Indicator 3: how many times the applicant had to contact the desk to complete the
    dossier (online included)."""

    AT_MOST_ONCE = "at_most_once", _("Once at most")
    TWICE = "twice", _("Twice")
    MORE = "more", _("Three times or more")


class AgenciesContacted(models.TextChoices):
    """Indicator 4: how many agencies or units the applicant had to contact."""

    ONLY_DESK = "only_desk", _("Only the one-stop desk")
    ONE_MORE = "one_more", _("One other agency")
    SEVERAL = "several", _("Two or more other agencies")


class OneStop(models.TextChoices):
    """Indicator 5: whether receipt, handling and return all happened at the one-stop desk."""

    FULLY = "fully", _("Yes, all of it")
    PARTLY = "partly", _("Only in part")


class Attitude(models.TextChoices):
    """Indicator 7: the attitude of the officers who guided, received and handled it."""

    COURTEOUS = "courteous", _("Courteous and helpful")
    ACCEPTABLE = "acceptable", _("Acceptable")
    TROUBLESOME = "troublesome", _("Caused trouble or harassment")


class OnlineService(models.TextChoices):
    """Indicator 9: the progress and quality of the online public service."""

    GOOD = "good", _("Good")
    ACCEPTABLE = "acceptable", _("Acceptable")
    POOR = "poor", _("Poor")


class Evaluation(models.Model):
    dossier = models.OneToOneField(
        Dossier, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("dossier")
    )
    # Copied from the dossier when it is evaluated, so that counts per unit and period read
    # this table alone (index below): the agency whose handling is judged (the lead
    # processing unit, or the receiving unit for a dossier refused at intake) and the desk.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("evaluated unit")
    )
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving unit")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
        help_text=_("The applicant's account; empty for a paper form of a person without one."),
    )
    evaluator_name = models.CharField(_("evaluator's name"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paper form entered by"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=EvaluationChannel.choices)
    level = models.CharField(_("satisfaction"), max_length=20, choices=Level.choices)
    contacts = models.CharField(
        _("times the desk had to be contacted"),
        max_length=20,
        choices=Contacts.choices,
        blank=True,
    )
    agencies_contacted = models.CharField(
        _("agencies contacted"), max_length=20, choices=AgenciesContacted.choices, blank=True
    )
    one_stop = models.CharField(
        _("all at the one-stop desk"), max_length=20, choices=OneStop.choices, blank=True
    )
    attitude = models.CharField(
        _("officers' attitude"), max_length=20, choices=Attitude.choices, blank=True
    )
    online_service = models.CharField(
        _("online public service"), max_length=20, choices=OnlineService.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("evaluated at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Counts by level per unit and period (motcua.evaluations.queries).
            models.Index(fields=["unit", "created_at"], name="evaluation_unit_idx"),
            models.Index(fields=["receiving_unit", "created_at"], name="evaluation_desk_idx"),
            models.Index(fields=["created_at"], name="evaluation_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.get_level_display()}"
