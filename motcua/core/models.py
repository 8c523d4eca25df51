"""Kernel models: the base for timestamped rows and the append-only, hash-chained audit trail."""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One entry of the audit trail: who did what to which object, when and from where.

    Entries are written only by `motcua.core.audit.record`. Each carries the hash of the
    previous one, so an edited, inserted or deleted entry breaks the chain, which
    `manage.py verify_audit_chain` detects.
    """

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit trail is append-only.")


class AuditChainHead(models.Model):
    """The single row holding the chain's last sequence and hash.

    Appending locks this row, which serialises writers on PostgreSQL (SELECT … FOR UPDATE)
    and lets the verifier notice entries removed from the end of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"
