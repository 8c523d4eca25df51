from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.notifications.lateness import warn_lateness
from motcua.notifications.models import Threshold


class Command(BaseCommand):
    help = (
        "Warn the officers and leaders responsible for dossiers and steps that are due soon "
        "or overdue (once each). Run it every 15 minutes by cron where no Celery beat runs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = warn_lateness()
        self.stdout.write(
            _(
                "Dossiers due soon: %(dossiers_soon)d, overdue: %(dossiers_late)d; "
                "steps due soon: %(steps_soon)d, overdue: %(steps_late)d; "
                "messages queued: %(messages)d."
            )
            % {
                "dossiers_soon": report.count("dossier", Threshold.DUE_SOON),
                "dossiers_late": report.count("dossier", Threshold.OVERDUE),
                "steps_soon": report.count("step", Threshold.DUE_SOON),
                "steps_late": report.count("step", Threshold.OVERDUE),
                "messages": report.messages,
            }
        )
