"""The catalogue in the admin, for the Văn phòng UBND staff who maintain it: fields,
procedures and their versions with every part, and screens to import and export files."""

from pathlib import Path
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from motcua.catalog import exporting
from motcua.catalog.forms import CatalogueExportForm, CatalogueUploadForm
from motcua.catalog.importing import Problem
from motcua.catalog.jobs import DONE, FAILED, ImportJob
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    VersionUnit,
)
from motcua.catalog.tasks import import_catalogue_file
from motcua.core.admin import AuditedModelAdmin
from motcua.core.text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin.register(Field)
class FieldAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ("name", "decision_number", "effective_from", "effective_to", "status")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(AuditedModelAdmin):
    list_display = ["code", "national_code", "agency_code"]
    search_fields = ["code"]
    inlines = [VersionInline]


class VersionUnitInline(admin.TabularInline):
    model = VersionUnit
    raw_id_fields = ["unit"]
    extra = 0


class ComponentInline(admin.StackedInline):
    model = Component
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "procedure",
        "field",
        "authority_level",
        "online_level",
        "status",
        "effective_from",
        "decision_number",
    ]
    list_filter = ["status", "authority_level", "online_level", "field"]
    list_select_related = ["procedure", "field"]
    search_fields = ["search_text"]
    search_help_text = _("Name, field, keywords or code; diacritics optional.")
    raw_id_fields = ["procedure"]
    inlines = [VersionUnitInline, ComponentInline, FeeInline, ProcessStepInline]
    fieldsets = [
        (
            None,
            {"fields": ["procedure", "name", "field", "authority_level", "unit_scope", "keywords"]},
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "decision_number",
                    "decision_date",
                    "effective_from",
                    "effective_to",
                    "status",
                    "status_since",
                ]
            },
        ),
        (
            _("Applicants and channels"),
            {
                "fields": [
                    "for_citizens",
                    "for_businesses",
                    "for_household_businesses",
                    "at_desk",
                    "online",
                    "by_post",
                ]
            },
        ),
        (
            _("Steps, time limit and conditions"),
            {
                "fields": [
                    "steps",
                    "time_limit_amount",
                    "time_limit_unit",
                    "time_limit_note",
                    "cutoff_time",
                    "legal_basis",
                    "conditions",
                ]
            },
        ),
        (
            _("Result"),
            {
                "fields": [
                    "result_name",
                    "result_template_name",
                    "result_template_url",
                    "result_requires_paper_document",
                ]
            },
        ),
        (
            _("Online service"),
            {"fields": ["online_level", "eligible_for_full", "has_fee", "form_schema"]},
        ),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        # The stored search text is folded; fold what was typed the same way.
        return super().get_search_results(request, queryset, fold(search_term))

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedureversion_import",
            ),
            path(
                "import/<str:job_id>/",
                self.admin_site.admin_view(self.import_status_view),
                name="catalog_procedureversion_import_status",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="catalog_procedureversion_export",
            ),
        ]
        return own + super().get_urls()

    def _import_page(
        self,
        request: HttpRequest,
        form: CatalogueUploadForm,
        export_form: CatalogueExportForm,
        problems: list[Problem] | None = None,
        job: ImportJob | None = None,
    ) -> TemplateResponse:
        return TemplateResponse(
            request,
            "catalog/admin/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Import and export the catalogue"),
                "form": form,
                "export_form": export_form,
                "problems": problems or [],
                "job": job,
            },
        )

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = CatalogueUploadForm(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self._import_page(request, form, CatalogueExportForm())
        upload = form.cleaned_data["file"]
        job = ImportJob.start(upload.name)
        path = default_storage.save(f"catalog-imports/{job.id}{Path(upload.name).suffix}", upload)
        import_catalogue_file.delay(
            job.id, path, upload.name, request.user.pk, translation.get_language()
        )
        return HttpResponseRedirect(
            reverse("admin:catalog_procedureversion_import_status", args=[job.id])
        )

    def import_status_view(self, request: HttpRequest, job_id: str) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        job = ImportJob.load(job_id)
        if job is None:
            raise Http404
        if job.state == FAILED:
            problems = [Problem(**problem) for problem in job.problems]
            return self._import_page(
                request, CatalogueUploadForm(), CatalogueExportForm(), problems, job
            )
        if job.state == DONE:
            messages.success(request, job.summary)
            return HttpResponseRedirect(reverse("admin:catalog_procedureversion_changelist"))
        return TemplateResponse(
            request,
            "catalog/admin/import_status.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Importing %(file)s") % {"file": job.filename},
                "job": job,
            },
        )

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CatalogueExportForm(request.GET)
        if not form.is_valid():
            return self._import_page(request, CatalogueUploadForm(), form)
        field = form.cleaned_data["field"]
        code = field.code if field else None
        name = f"danh-muc-tthc-{code or 'tat-ca'}-{timezone.localdate():%Y%m%d}"
        if form.cleaned_data["format"] == "json":
            response = HttpResponse(exporting.export_json(code), content_type="application/json")
            name += ".json"
        else:
            response = HttpResponse(exporting.export_xlsx(code), content_type=XLSX_CONTENT_TYPE)
            name += ".xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
