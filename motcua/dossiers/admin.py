"""Dossiers in the admin: for looking, not for processing. States change only through the
lifecycle (the back-office), so every field that the lifecycle owns is read-only here."""

from django.contrib import admin
from django.http import HttpRequest

from motcua.core.admin import AuditedModelAdmin
from motcua.dossiers.models import Apology, Dossier, DossierStep, Pause, Transition


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class StepInline(_ReadOnlyInline):
    model = DossierStep
    fields = ["order", "phase", "unit", "role", "given_at", "due_at", "finished_at", "outcome"]


class PauseInline(_ReadOnlyInline):
    model = Pause
    fields = ["kind", "started_at", "ended_at", "stops_clock", "paused_minutes"]


class ApologyInline(_ReadOnlyInline):
    model = Apology
    fields = ["unit_at_fault", "old_due_at", "new_due_at", "issued_by", "issued_at"]


class TransitionInline(_ReadOnlyInline):
    model = Transition
    fields = ["at", "action", "from_state", "to_state", "actor", "note"]


@admin.register(Dossier)
class DossierAdmin(AuditedModelAdmin):
    list_display = ["code", "applicant_name", "state", "receiving_unit", "received_at", "due_at"]
    list_filter = ["state", "channel"]
    search_fields = ["code", "applicant_name", "applicant_phone"]
    list_select_related = ["receiving_unit"]
    raw_id_fields = [
        "procedure_version",
        "receiving_unit",
        "processing_unit",
        "holding_unit",
        "assignee",
        "applicant",
        "organisation",
        "entered_by",
    ]
    readonly_fields = [
        "code",
        "state",
        "procedure_version",
        "receiving_unit",
        "processing_unit",
        "holding_unit",
        "assignee",
        "channel",
        "submitted_at",
        "received_at",
        "clock_started_at",
        "due_at",
        "original_due_at",
        "finished_at",
        "returned_at",
        "register_book",
        "register_number",
    ]
    inlines = [StepInline, PauseInline, ApologyInline, TransitionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
