from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from motcua.demo.builders import BUILDERS


class Command(BaseCommand):
    help = (
        "Build (or bring up to date) the demo province. Safe to run again: it adds nothing twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in BUILDERS:
            with transaction.atomic():
                import_string(dotted)(self.stdout.write)
