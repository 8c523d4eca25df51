from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.audit import find_breaks
from motcua.core.models import AuditEvent

REASONS = {
    "missing": "entry #{sequence} is missing (deleted)",
    "relinked": "entry #{sequence} does not link to the entry before it",
    "altered": "entry #{sequence} was altered after it was written",
    "truncated": "entries from #{sequence} on were removed from the end of the chain",
}


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail and name the first broken entry."

    def handle(self, *args: Any, **options: Any) -> None:
        first = next(find_breaks(), None)
        if first is not None:
            raise CommandError(
                "Audit chain broken: " + REASONS[first.reason].format(sequence=first.sequence)
            )
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {AuditEvent.objects.count()} entries.")
        )
