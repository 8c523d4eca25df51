"""The unit tree in the admin: listed in tree order, searched without diacritics, with the
history of reorganisations (successor, predecessors) on every unit."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Unit, UnitQuerySet
from motcua.core.admin import AuditedModelAdmin


class InForceFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("in_force", _("In force")), ("historical", _("Historical"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        assert isinstance(queryset, UnitQuerySet)
        if self.value() == "in_force":
            return queryset.current()
        if self.value() == "historical":
            return queryset.historical()
        return queryset


def _unit_link(unit: Unit) -> SafeString:
    url = reverse("admin:agencies_unit_change", args=[unit.pk])
    return format_html('<a href="{}">{}</a>', url, unit.name)


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = [
        "tree_name",
        "short_name",
        "kind",
        "qcvn_code",
        "admin_code",
        "valid_from",
        "valid_to",
        "successor",
    ]
    list_filter = ["kind", InForceFilter]
    # The search itself folds diacritics (get_search_results); this enables the admin's search
    # box and the autocomplete of parent and successor.
    search_fields = ["name"]
    search_help_text = _("Name, short name, QCVN 102 identifier or code; diacritics optional.")
    ordering = ["path"]
    list_select_related = ["successor"]
    list_per_page = 100
    autocomplete_fields = ["parent", "successor"]
    readonly_fields = ["place_in_tree", "predecessor_list"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "kind", "parent", "place_in_tree"]}),
        (_("Codes"), {"fields": ["qcvn_code", "admin_code"]}),
        (
            _("Validity and reorganisations"),
            {"fields": ["valid_from", "valid_to", "successor", "end_decision", "predecessor_list"]},
        ),
        (_("Contact"), {"fields": ["address", "phone", "email"]}),
    ]

    @admin.display(description=_("name"), ordering="path")
    def tree_name(self, unit: Unit) -> SafeString:
        # A block, so that a long name wrapping onto a second line keeps its indentation.
        return format_html(
            '<span style="display: block; min-width: 16em; padding-inline-start: {}em">{}</span>',
            unit.depth * 1.5,
            unit.name,
        )

    @admin.display(description=_("place in the tree"))
    def place_in_tree(self, unit: Unit) -> SafeString | str:
        if unit.pk is None or not unit.ancestor_ids:
            return "—"
        return format_html_join(" \u203a ", "{}", ((_unit_link(u),) for u in unit.ancestors()))

    @admin.display(description=_("predecessors"))
    def predecessor_list(self, unit: Unit) -> SafeString | str:
        if unit.pk is None:
            return "—"
        predecessors = unit.predecessors.order_by("name")
        return format_html_join(", ", "{}", ((_unit_link(u),) for u in predecessors)) or "—"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if not search_term.strip():
            return queryset, False
        assert isinstance(queryset, UnitQuerySet)
        return queryset.search(search_term), False
