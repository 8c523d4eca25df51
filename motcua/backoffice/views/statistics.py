"""Statistics of dossier handling for leaders and supervisors: a unit (with its subtree) and a
period, a line per unit directly below it, a bar chart drawn with CSS (the table beside it
is its text), and the same figures as an Excel file. The counting is
`motcua.dossiers.stats` (docs/statistics.md)."""

from dataclasses import dataclass
from typing import cast

from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.report_forms import PeriodForm
from motcua.backoffice.views.access import staff_required
from motcua.dossiers import exports, stats
from motcua.dossiers.stats import DossierCounts, UnitStatistics


@dataclass(frozen=True)
class Segment:
    key: str
    label: str | Promise
    count: int
    percent: float


@dataclass(frozen=True)
class ChartLine:
    name: str
    counts: DossierCounts
    segments: list[Segment]
    total: bool = False


# The parts of a line of the chart, in the order drawn (CSS class mc-seg-<key>).
SEGMENTS: list[tuple[str, str | Promise, tuple[str, ...]]] = [
    ("resolved-on-time", _("Resolved early or on time"), ("resolved_early", "resolved_on_time")),
    ("resolved-late", _("Resolved late"), ("resolved_late",)),
    ("in-progress", _("In progress, on time"), ("in_progress_on_time",)),
    ("overdue", _("In progress, overdue"), ("in_progress_overdue",)),
    ("other", _("Returned, withdrawn or stopped"), ("returned", "withdrawn", "stopped")),
]


def chart_line(name: str, counts: DossierCounts, *, total: bool = False) -> ChartLine:
    figures = counts.as_dict()
    parts = []
    for key, label, fields in SEGMENTS:
        count = sum(figures[field] for field in fields)
        percent = round(100 * count / counts.total, 1) if counts.total else 0.0
        parts.append(Segment(key, label, count, percent))
    return ChartLine(name, counts, parts, total)


def chart_lines(result: UnitStatistics) -> list[ChartLine]:
    lines = [chart_line(child.name, counts) for child, counts in result.children]
    if result.own.total:
        lines.append(chart_line(str(_("%(unit)s itself") % {"unit": result.unit.name}), result.own))
    lines.append(chart_line(result.unit.name, result.counts, total=True))
    return lines


def _form(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET, units=stats.statistics_units(request.user))


@staff_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    units = stats.statistics_units(request.user)
    if not units.exists():
        return render(request, "backoffice/statistics_forbidden.html", status=403)
    form = PeriodForm(request.GET, units=units)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        result = stats.unit_statistics(form.cleaned_data["unit"], form.period())
        context.update(
            result=result,
            lines=chart_lines(result),
            segments=SEGMENTS,
            query=cast(QueryDict, form.data).urlencode(),
            judged_at=min(form.period().end, timezone.now()),
        )
    return render(request, "backoffice/statistics.html", context)


@staff_required
def statistics_excel(request: HttpRequest) -> HttpResponseBase:
    form = _form(request)
    if not form.is_valid():
        query = request.GET.urlencode()
        return HttpResponseRedirect(
            reverse("backoffice:statistics") + (f"?{query}" if query else "")
        )
    period = form.period()
    result = stats.unit_statistics(form.cleaned_data["unit"], period)
    first, last = (date_format(day, "d/m/Y") for day in (period.first, period.last))
    lines = [
        "THỐNG KÊ TÌNH HÌNH GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH",
        f"{result.unit.name} (gồm các đơn vị trực thuộc)",
        f"Từ ngày {first} đến ngày {last}",
    ]
    workbook = exports.statistics_workbook(lines, result)
    name = f"thong-ke-ho-so-{period.first:%Y%m%d}-{period.last:%Y%m%d}.xlsx"
    return FileResponse(
        workbook, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE
    )
