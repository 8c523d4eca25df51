"""Calendar screens: notices with their days, office hours, and a year drawn as a calendar."""

import calendar as month_grid
import datetime
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.admin import AuditedModelAdmin
from motcua.worktime import queries, units
from motcua.worktime.engine import FIRST_YEAR, LAST_YEAR, WorkCalendar
from motcua.worktime.models import Notice, NoticeDay, OfficeHours


class NoticeDayInline(admin.TabularInline):
    model = NoticeDay
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(Notice)
class NoticeAdmin(AuditedModelAdmin):
    list_display = ["year", "title", "reference", "level", "unit_code", "issued_on"]
    list_filter = ["year", "level"]
    search_fields = ["title", "reference", "unit_code"]
    inlines = [NoticeDayInline]
    fields = ["year", "level", "unit_code", "reference", "issued_on", "title"]
    change_list_template = "admin/worktime/notice/change_list.html"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("year", str(timezone.localdate().year))
        return initial

    def get_urls(self) -> list[URLPattern]:
        year_view = self.admin_site.admin_view(self.year_calendar)
        return [
            path("calendar/", year_view, name="worktime_notice_calendar"),
            *super().get_urls(),
        ]

    def year_calendar(self, request: HttpRequest) -> HttpResponse:
        """A year drawn month by month: working days, weekends, days off and make-up days."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            year = int(request.GET.get("year", today.year))
        except ValueError:
            year = today.year
        year = min(max(year, FIRST_YEAR), LAST_YEAR)
        unit_code = units.normalise(request.GET.get("unit_code"))
        error = ""
        try:
            calendar = queries.get_calendar(unit_code)
        except units.UnknownUnit:
            error = queries.unknown_unit_message(unit_code)
            unit_code, calendar = "", queries.get_calendar()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Working calendar %(year)s") % {"year": year},
            "year": year,
            "unit_code": unit_code,
            "error": error,
            "months": _months(calendar, year),
            "days_off": calendar.days_off(year),
            "make_up_days": calendar.make_up_days(year),
            "notices": Notice.objects.filter(year=year).prefetch_related("days"),
        }
        return render(request, "admin/worktime/notice/year_calendar.html", context)


def _months(calendar: WorkCalendar, year: int) -> list[dict[str, Any]]:
    grid = month_grid.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = [
            [calendar.day(datetime.date(year, month, day)) if day else None for day in week]
            for week in grid.monthdayscalendar(year, month)
        ]
        months.append({"first": datetime.date(year, month, 1), "weeks": weeks})
    return months


@admin.register(OfficeHours)
class OfficeHoursAdmin(AuditedModelAdmin):
    list_display = [
        "unit_code",
        "valid_from",
        "weekdays",
        "morning_start",
        "morning_end",
        "afternoon_start",
        "afternoon_end",
        "desk_cutoff",
        "saturday_morning_receiving",
    ]
    search_fields = ["unit_code"]
