from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.backoffice.views.access import staff_required


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/home.html")
