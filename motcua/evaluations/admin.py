"""Evaluations in the admin: records to read and filter, never to add, edit or delete
(they are written by `services.evaluate`, from the portal or the desk)."""

from django.contrib import admin

from motcua.core.admin import AuditedModelAdmin, ReadOnlyAdminMixin
from motcua.evaluations.models import Evaluation


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdminMixin, AuditedModelAdmin):
    list_display = ["dossier", "level", "channel", "unit", "evaluator_name", "created_at"]
    list_filter = [
        "level",
        "channel",
        "attitude",
        ("unit", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    search_fields = ["dossier__code", "evaluator_name"]
    list_select_related = ["dossier", "unit"]
    date_hierarchy = "created_at"
    show_full_result_count = False
