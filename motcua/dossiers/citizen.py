"""Reads for citizens on the portal: where a procedure can be submitted, "Hồ sơ của tôi" by
keyset pages, one dossier and its files as their owner reaches them.

Everything starts from `queries.dossiers_for(user)`: a citizen reaches their own dossiers and
those of the organisations they represent, and anything else is simply not found.
"""

import functools
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from motcua.accounts.validators import normalize_phone
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit
from motcua.catalog.models import ProcedureVersion, UnitRole, UnitScope
from motcua.dossiers import numbering, queries
from motcua.dossiers.inbox import Cursor, Page
from motcua.dossiers.models import Dossier, DossierFile, FilePurpose

MY_DOSSIERS_PAGE = 20


def receiving_units(version: ProcedureVersion) -> list[Unit]:
    """The units in force where this version can be submitted (those `services.receives`
    accepts), by name."""
    if version.unit_scope == UnitScope.EVERY_COMMUNE:
        units = Unit.objects.current().filter(kind__in=COMMUNE_LEVEL_KINDS)
    else:
        units = Unit.objects.current().filter(
            pk__in=version.unit_roles.filter(role=UnitRole.RECEIVING).values("unit")
        )
    return list(units.order_by("name"))


def my_dossiers_page(user: Any, after: Cursor | None = None, size: int = MY_DOSSIERS_PAGE) -> Page:
    """One page of the citizen's dossiers, newest first (index `dossier_applicant_idx`),
    and the cursor of the next page (the inbox's keyset cursor on `created_at`): one query."""
    dossiers = queries.my_dossiers(user)
    if after is not None:
        dossiers = dossiers.filter(
            Q(created_at__lt=after.value) | Q(created_at=after.value, pk__lt=after.pk)
        )
    rows = list(dossiers.select_related("procedure_version__procedure", "organisation")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if more else None
    return Page(rows, Cursor(last.created_at, last.pk) if last is not None else None)


def my_dossier(user: Any, pk: int) -> Dossier | None:
    """One of the citizen's dossiers with its files, or None if they cannot reach it."""
    return (
        queries.my_dossiers(user)
        .select_related("procedure_version__procedure", "organisation", "holding_unit")
        .prefetch_related(
            Prefetch("files", DossierFile.objects.select_related("component").order_by("pk"))
        )
        .filter(pk=pk)
        .first()
    )


def my_dossier_by_key(user: Any, key: str) -> Dossier | None:
    """The citizen's dossier made with this idempotency key (a form sent again), or None.
    The key is unique and the applicant must be the citizen: that is the whole reach asked
    (`queries.my_dossiers` would add the organisations' dossiers only to filter them out)."""
    if not key:
        return None
    found = Dossier.objects.select_related("procedure_version__procedure").filter(
        idempotency_key=key, applicant=user.pk
    )
    return next(iter(found[:1]), None)


def my_file(user: Any, dossier_pk: int, file_pk: int) -> DossierFile | None:
    """A file of one of the citizen's dossiers, or None (not theirs, or not there)."""
    return (
        DossierFile.objects.filter(
            pk=file_pk, dossier__in=queries.dossiers_for(user).filter(pk=dossier_pk)
        )
        .select_related("dossier")
        .first()
    )


def application_files(dossier: Dossier) -> QuerySet[DossierFile]:
    return dossier.files.filter(purpose=FilePurpose.APPLICATION).order_by("pk")


def lookup(
    code: str, phone_or_secret: str, *, kept: Any = queries.UNREAD
) -> queries.PublicStatus | None:
    """The public lookup (`queries.public_lookup`) with what the person typed in the one
    box: a phone number (10 digits in any formatting) or the receipt's lookup secret; `kept`:
    what the caller read under `queries.public_row_key(code)`, if it did.

    A wrong secret costs a password-hash check; an unknown code is made to cost the same, so
    that the time of the answer does not tell whether a code exists."""
    typed = phone_or_secret.strip()
    phone = normalize_phone(typed)
    if phone.isdigit() and len(phone) == 10:
        return queries.public_lookup(code, phone=phone, kept=kept)
    found = queries.public_lookup(code, secret=typed, kept=kept)
    if found is None and not Dossier.objects.filter(code=code.strip().upper()).exists():
        numbering.secret_matches(typed, _decoy_hash())
    return found


@functools.cache
def _decoy_hash() -> str:
    return numbering.new_lookup_secret()[1]
