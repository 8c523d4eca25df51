from django.urls import path

from motcua.worktime.api import views

urlpatterns = [
    path("deadline", views.DeadlineView.as_view(), name="worktime-deadline"),
    path("days-off", views.DaysOffView.as_view(), name="worktime-days-off"),
]
