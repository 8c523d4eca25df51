from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.notifications.dispatch import send_due_messages


class Command(BaseCommand):
    help = (
        "Send the outbox's due messages (e-mail and SMS), retrying failed ones later. "
        "Run it every minute by cron where no Celery worker runs (make run)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-batches", type=int, default=10, help="Stop after this many batches."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due_messages(max_batches=options["max_batches"])
        self.stdout.write(
            _("Sent: %(sent)d; to retry later: %(retrying)d; given up: %(gave_up)d.")
            % {"sent": report.sent, "retrying": report.retrying, "gave_up": report.gave_up}
        )
        for error in report.errors:
            self.stderr.write(error)
