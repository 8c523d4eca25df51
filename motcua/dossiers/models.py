"""Dossiers (hồ sơ TTHC) and their records: the control slip's rows, pauses, the transition
log, apologies, files, and the counters behind dossier codes and the register.

No workflow lives here: every change of state goes through `lifecycle.perform`, which writes
the dossier, its step rows, its transition row and its audit event in one transaction.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Organisation, Role
from motcua.agencies.models import Unit
from motcua.catalog.models import Component, ProcedureVersion, ProcessStep
from motcua.core.models import TimeStampedModel
from motcua.core.text import fold
from motcua.dossiers.states import State
from motcua.worktime.engine import Punctuality
from motcua.worktime.limits import Channel


class Dossier(TimeStampedModel):
    """One application for one procedure, from the draft to the returned result."""

    code = models.CharField(
        _("dossier code"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given at receipt: <receiving unit's QCVN 102 code>-YYMMDD-NNNN."),
    )
    procedure_version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("procedure version"),
    )
    receiving_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        verbose_name=_("receiving unit"),
    )
    processing_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="processed_dossiers",
        verbose_name=_("lead processing unit"),
    )
    holding_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="held_dossiers",
        verbose_name=_("unit holding the dossier"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("specialist in charge"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("applicant account"),
        help_text=_("Empty for a dossier handed in at the desk by a person without an account."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("organisation"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The officer who entered a desk or postal dossier."),
    )
    # The applicant as written on the form (kept even if the account changes later).
    applicant_name = models.CharField(_("applicant's name"), max_length=255)
    applicant_phone = models.CharField(_("phone number"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    applicant_cccd = models.CharField(_("CCCD number"), max_length=12, blank=True)
    submitter_name = models.CharField(
        _("submitted by"),
        max_length=255,
        blank=True,
        help_text=_("The authorised person who handed the dossier in, if not the applicant."),
    )

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(
        _("state"), max_length=30, choices=State.choices, default=State.DRAFT, editable=False
    )
    form_data = models.JSONField(_("form data"), default=dict, blank=True)
    sets_count = models.PositiveSmallIntegerField(_("number of sets"), default=1)

    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    clock_started_at = models.DateTimeField(
        _("clock started at"),
        null=True,
        blank=True,
        help_text=_("The effective start of the time limit (after the afternoon cut-off)."),
    )
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("original appointment"), null=True, blank=True)
    finished_at = models.DateTimeField(_("processing ended at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    # Facts of a finished dossier that never change once processing has ended, written in
    # the transaction that ends it (`statistics.record_finished_facts`) so that the
    # statistics read them instead of the transitions, apologies and pauses. Empty while
    # the dossier is open: anything that changes with time (due soon, overdue) is derived.
    # NULL, not "", when not recorded: the statistics then compute it from the history.
    finish_outcome = models.CharField(  # noqa: DJ001
        _("outcome at the end of processing"),
        max_length=30,
        null=True,
        blank=True,
        editable=False,
    )
    judged_due_at = models.DateTimeField(
        _("appointment judged against"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The appointment before any apology, moved by supplements."),
    )
    supplement_requests = models.PositiveSmallIntegerField(
        _("supplement requests during processing"), null=True, blank=True, editable=False
    )

    return_channel = models.CharField(
        _("result returned"), max_length=10, choices=Channel.choices, blank=True
    )
    postal_tracking_number = models.CharField(
        _("postal tracking number"), max_length=40, blank=True
    )
    result_receiver_name = models.CharField(_("result received by"), max_length=255, blank=True)
    result_reference = models.CharField(
        _("result document number"),
        max_length=100,
        blank=True,
        help_text=_("Number and symbol of the result document, or the e-result code."),
    )

    lookup_secret_hash = models.CharField(max_length=128, blank=True, editable=False)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    register_book = models.CharField(_("register book"), max_length=20, blank=True)
    register_number = models.PositiveIntegerField(_("register number"), null=True, blank=True)
    # Folded (lower case, no diacritics) code and names that the inbox search reads;
    # written by save().
    search_text = models.CharField(max_length=600, editable=False, default="")

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at", "-id"]
        indexes = [
            # The inbox's open tabs read what places a held dossier on them from the index
            # alone (PostgreSQL; motcua.dossiers.inbox._open_rows).
            models.Index(
                fields=["holding_unit", "state"],
                include=["id", "receiving_unit", "due_at", "submitted_at"],
                name="dossier_holder_state_idx",
            ),
            models.Index(fields=["receiving_unit", "received_at"], name="dossier_recv_day_idx"),
            models.Index(fields=["due_at"], name="dossier_due_idx"),
            models.Index(fields=["received_at"], name="dossier_received_idx"),
            models.Index(fields=["state", "due_at"], name="dossier_state_due_idx"),
            models.Index(fields=["applicant", "-created_at"], name="dossier_applicant_idx"),
            # The back-office inbox: tabs ordered by submission, filters by channel.
            models.Index(fields=["state", "submitted_at"], name="dossier_state_submitted_idx"),
            models.Index(fields=["holding_unit", "due_at"], name="dossier_holder_due_idx"),
            # The inbox's "waiting" tab reads a unit's received dossiers waiting for the
            # applicant (inbox.WAITING_STATES): a few among a unit's tens of thousands.
            models.Index(
                fields=["receiving_unit"],
                condition=models.Q(
                    state__in=[
                        State.SUPPLEMENT_AT_INTAKE,
                        State.SUPPLEMENT_IN_PROCESS,
                        State.AWAITING_PAYMENT,
                    ]
                ),
                name="dossier_recv_waiting_idx",
            ),
            models.Index(fields=["channel", "submitted_at"], name="dossier_channel_idx"),
            models.Index(fields=["submitted_at"], name="dossier_submitted_idx"),
            # Statistics: a unit's dossiers received before a period's end and not finished
            # before its start (motcua.dossiers.stats).
            models.Index(
                fields=["processing_unit", "received_at"], name="dossier_processing_recv_idx"
            ),
            models.Index(fields=["finished_at"], name="dossier_finished_idx"),
            # The statistics of a large subtree (a province's year) read every column they
            # need from this index alone (an index-only scan, no visit to the table).
            models.Index(
                fields=[
                    "received_at",
                    "finished_at",
                    "processing_unit",
                    "channel",
                    "finish_outcome",
                    "judged_due_at",
                    "due_at",
                    "id",
                ],
                name="dossier_statistics_idx",
            ),
            # Finished dossiers whose facts were never stored (none after the migration that
            # stored them): the statistics compute their outcome from the history.
            models.Index(
                fields=["finished_at"],
                condition=Q(finished_at__isnull=False, finish_outcome__isnull=True),
                name="dossier_facts_missing_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__isnull=True) | Q(received_at__isnull=False),
                name="dossier_code_only_when_received",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} {self.applicant_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.folded_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def folded_search_text(self) -> str:
        parts = [self.code or "", self.applicant_name, self.submitter_name, self.applicant_cccd]
        return fold(" ".join(part for part in parts if part))[:600]

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def national_status(self) -> int | None:
        return self.state_enum.national_code

    @property
    def national_channel(self) -> int:
        return Channel(self.channel).national_code


class StepPhase(models.TextChoices):
    """What a row of the control slip stands for."""

    RECEPTION = "reception", _("Reception at the one-stop desk")
    ASSIGNMENT = "assignment", _("Assignment by the leader")
    REVIEW = "review", _("Review by the specialist")
    CONSULTATION = "consultation", _("Opinion or part of a coordinating agency")
    DECISION = "decision", _("Decision by the leader")
    ISSUE = "issue", _("Issue of the result")
    RETURN = "return", _("Return of the result at the desk")


class DossierStep(models.Model):
    """A row of the control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ): a hand-over
    of the dossier to a unit and role, with its allowance and its punctuality.

    A step with `given_at` empty is planned but not started (the next agency of a
    consultation in sequence); a step with `finished_at` empty and `given_at` set is open.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="steps", verbose_name=_("dossier")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    phase = models.CharField(_("phase"), max_length=20, choices=StepPhase.choices)
    process_step = models.ForeignKey(
        ProcessStep,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("internal process step"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dossier_steps", verbose_name=_("unit")
    )
    role = models.CharField(_("acting role"), max_length=30, choices=Role.choices)
    from_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by unit"),
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    given_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    allowance_minutes = models.PositiveIntegerField(
        _("allowance (working minutes)"), null=True, blank=True
    )
    due_at = models.DateTimeField(_("step due at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finished by"),
    )
    outcome = models.CharField(
        _("result of the step"), max_length=10, choices=Punctuality.choices, blank=True
    )
    parallel_group = models.PositiveSmallIntegerField(
        _("consultation group"),
        null=True,
        blank=True,
        help_text=_("Consultation steps asked for together share a group."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("control slip row")
        verbose_name_plural = _("control slip rows")
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")
        ]
        indexes = [
            models.Index(fields=["unit", "finished_at"], name="dossier_step_unit_open_idx"),
            # The open consultations of a unit (the inbox), a few among its open rows.
            models.Index(
                fields=["unit"],
                condition=models.Q(
                    phase=StepPhase.CONSULTATION,
                    given_at__isnull=False,
                    finished_at__isnull=True,
                ),
                name="dossier_step_consulting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.order}. {self.get_phase_display()}"

    @property
    def is_open(self) -> bool:
        return self.given_at is not None and self.finished_at is None


class PauseKind(models.TextChoices):
    SUPPLEMENT_AT_INTAKE = "supplement_at_intake", _("Supplement requested at intake")
    SUPPLEMENT_IN_PROCESS = "supplement_in_process", _("Supplement requested during processing")
    FINANCIAL_OBLIGATION = "financial_obligation", _("Financial obligation")


class Pause(models.Model):
    """A wait for the applicant: a supplement (at intake or during processing) or a payment.

    `stops_clock` says whether the wait is excluded from the time limit (a supplement during
    processing always is; a payment when the installation says so)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("dossier")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PauseKind.choices)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    reason = models.TextField(_("reason"), blank=True)
    items = models.JSONField(
        _("items requested"),
        default=list,
        blank=True,
        help_text=_("Every paper or content to supplement, listed at once."),
    )
    amount_vnd = models.PositiveBigIntegerField(_("amount (VND)"), null=True, blank=True)
    stops_clock = models.BooleanField(_("stops the clock"), default=False)
    paused_minutes = models.PositiveIntegerField(_("working minutes paused"), null=True, blank=True)

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["dossier", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=Q(ended_at__isnull=True),
                name="dossier_one_open_pause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.get_kind_display()}"


class Transition(models.Model):
    """One change of state (or an action that keeps the state), for the dossier's timeline."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("dossier")
    )
    action = models.CharField(_("action"), max_length=40)
    from_state = models.CharField(_("from"), max_length=30, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=30, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["dossier", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="dossier_transition_idx")]

    def __str__(self) -> str:
        return f"{self.dossier} {self.action}: {self.from_state} → {self.to_state}"


class Apology(models.Model):
    """An apology with a new appointment (Mẫu 04), issued by the unit at fault."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="apologies", verbose_name=_("dossier")
    )
    unit_at_fault = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit at fault")
    )
    reason = models.TextField(_("reason for the delay"))
    old_due_at = models.DateTimeField(_("previous appointment"))
    new_due_at = models.DateTimeField(_("new appointment"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("apology")
        verbose_name_plural = _("apologies")
        ordering = ["dossier", "issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due_at__gt=models.F("old_due_at")),
                name="apology_moves_appointment_later",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.unit_at_fault}"


class FilePurpose(models.TextChoices):
    APPLICATION = "application", _("Part of the application")
    SUPPLEMENT = "supplement", _("Supplement")
    RESULT = "result", _("Result document")


def dossier_file_path(instance: "DossierFile", filename: str) -> str:
    # The stored name never reuses what the uploader typed (the original name is a field).
    return f"dossiers/{instance.dossier_id}/{instance.sha256[:2]}/{instance.sha256}"


class DossierFile(models.Model):
    """An uploaded paper of a dossier, for one component of the catalogue (or its result)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="files", verbose_name=_("dossier")
    )
    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("component"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=FilePurpose.choices, default=FilePurpose.APPLICATION
    )
    file = models.FileField(_("file"), upload_to=dossier_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class DailySequence(models.Model):
    """The last dossier number given by a receiving unit on a day (the NNNN of the code)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily dossier sequence")
        verbose_name_plural = _("daily dossier sequences")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="daily_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.last_number}"


class RegisterBook(models.Model):
    """A receiving unit's register of dossiers (Sổ theo dõi hồ sơ) for a year: the last
    entry number written in it."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("register book")
        verbose_name_plural = _("register books")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="register_book_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.last_number}"
