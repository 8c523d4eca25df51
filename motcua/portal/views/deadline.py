"""The deadline calculator: a citizen or an officer picks a moment and a time limit and sees
the appointment, with the days off it skipped."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from motcua.agencies.models import Unit
from motcua.worktime.forms import DeadlineForm


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def deadline_calculator(request: HtmxHttpRequest) -> HttpResponse:
    units = (
        Unit.objects.current().exclude(qcvn_code=None).order_by("path").only("name", "qcvn_code")
    )
    choices = [(unit.qcvn_code or "", f"{unit.name} ({unit.qcvn_code})") for unit in units]
    form = DeadlineForm(request.GET or None, unit_choices=choices)
    answer = form.answer if form.is_valid() else None
    template = "worktime/portal_deadline.html"
    if request.htmx:
        template = "worktime/_portal_deadline_calculator.html"
    return render(request, template, {"form": form, "answer": answer})
