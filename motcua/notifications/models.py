"""The outbox of messages to the outside world, and the record of lateness warnings given.

A message is written in the transaction of what caused it (a dossier's transition, a
lateness warning) and sent later by the dispatcher (`dispatch.send_due_messages`), so a
rolled-back change sends nothing and a failing provider only delays a message.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier, DossierStep

# Stands in the stored body for a secret that is kept apart and erased once sent.
SECRET_PLACEHOLDER = "[[secret]]"  # noqa: S105 (a placeholder, not a password)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (gave up)")


class Message(models.Model):
    """One message to one address by one channel, rendered in the recipient's language."""

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(
        _("address"), max_length=254, help_text=_("The e-mail address or phone number.")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient account"),
    )
    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier"),
    )
    template = models.CharField(_("message template"), max_length=50)
    language = models.CharField(_("language"), max_length=10, default="vi")
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    # Substituted for SECRET_PLACEHOLDER when sending, erased once sent (never shown).
    secret = models.CharField(max_length=64, blank=True, editable=False)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    provider = models.CharField(_("provider"), max_length=50, blank=True)
    provider_message_id = models.CharField(_("provider's message id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The dispatcher: pending messages whose attempt is due, oldest due first.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["-created_at", "-id"], name="outbox_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}: {self.template}"


class TemplateKey(models.TextChoices):
    """The messages the platform sends; their default texts are the files
    templates/notifications/<key>/{subject,email,sms}.txt."""

    DOSSIER_RECEIVED = "dossier_received", _("Dossier received (to the applicant)")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested (to the applicant)")
    RESULT_READY = "result_ready", _("Result ready (to the applicant)")
    APOLOGY = "apology", _("Apology and new appointment (to the applicant)")
    LATENESS_DUE_SOON = "lateness_due_soon", _("Due soon (to the officer and the leaders)")
    LATENESS_OVERDUE = "lateness_overdue", _("Overdue (to the officer and the leaders)")


class MessageText(models.Model):
    """A province's own wording of a message for one channel and language, in Django
    template syntax; it replaces the default text of the template files."""

    template = models.CharField(_("message"), max_length=50, choices=TemplateKey.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="vi"
    )
    subject = models.CharField(
        _("subject"), max_length=255, blank=True, help_text=_("E-mail only.")
    )
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("message text")
        verbose_name_plural = _("message texts")
        ordering = ["template", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "channel", "language"], name="message_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_template_display()} — {self.get_channel_display()} ({self.language})"

    def clean(self) -> None:
        from motcua.notifications.texts import check_template_text

        errors: dict[str, Any] = {}
        for name in ("subject", "body"):
            problem = check_template_text(getattr(self, name))
            if problem:
                errors[name] = problem
        if self.channel == Channel.EMAIL and not self.subject.strip():
            errors["subject"] = _("An e-mail needs a subject.")
        if errors:
            raise ValidationError(errors)


class Threshold(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class LatenessWarning(models.Model):
    """A warning given about a dossier (step empty) or a row of its control slip, for one
    threshold and due moment: the lateness job gives each one once. A new appointment (an
    apology, a pause that moved it) is a new due moment, so it is warned about again."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="+", verbose_name=_("dossier")
    )
    step = models.ForeignKey(
        DossierStep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("control slip row"),
    )
    threshold = models.CharField(_("threshold"), max_length=10, choices=Threshold.choices)
    due_at = models.DateTimeField(_("due at"))
    warned_at = models.DateTimeField(_("warned at"))
    recipients = models.PositiveSmallIntegerField(_("people warned"), default=0)

    class Meta:
        verbose_name = _("lateness warning")
        verbose_name_plural = _("lateness warnings")
        ordering = ["-warned_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "threshold", "due_at"],
                condition=Q(step__isnull=True),
                name="lateness_warning_dossier_once",
            ),
            models.UniqueConstraint(
                fields=["step", "threshold", "due_at"],
                condition=Q(step__isnull=False),
                name="lateness_warning_step_once",
            ),
        ]

    def __str__(self) -> str:
        target = f"{self.dossier} #{self.step_id}" if self.step_id else str(self.dossier)
        return f"{target}: {self.get_threshold_display()}"
