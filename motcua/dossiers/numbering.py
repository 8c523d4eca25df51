"""Dossier codes, register entries and lookup secrets.

The dossier code (mã số hồ sơ, TT 01/2018 Art. 19, kept by TT 03/2025 until verified) is
`<receiving unit's QCVN 102 code>-YYMMDD-NNNN`: the day of receipt in Vietnam time and the
sequence of dossiers that unit received that day. Numbers come from one counter row per
unit and day (or per unit and year for the register), locked with SELECT … FOR UPDATE inside
the receiving transaction, so concurrent receipts wait for each other and never share or
skip a number; the row of a new day is created under a unique constraint, and the loser of
that race reads the winner's row.
"""

import datetime
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.hashers import BasePasswordHasher, check_password, make_password

from motcua.agencies.models import Unit
from motcua.dossiers.models import DailySequence, RegisterBook
from motcua.worktime.engine import VN_TZ

# No 0/O, 1/I/L: the secret is read from paper and typed on a phone.
LOOKUP_CHARACTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LOOKUP_LENGTH = 8
# The hasher of new lookup secrets: the installation's password hasher ("default"), or the
# one `lookup_secrets_hashed_with` sets for a block.
_lookup_hasher: ContextVar[str | BasePasswordHasher] = ContextVar(
    "lookup_hasher", default="default"
)


def _allocate(model: type[DailySequence | RegisterBook], **key: Any) -> int:
    """The next number of the counter row identified by `key` (call inside a transaction)."""
    counter, _created = model.objects.select_for_update().get_or_create(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(VN_TZ).date()


def format_code(qcvn_code: str, day: datetime.date, number: int) -> str:
    return f"{qcvn_code}-{day:%y%m%d}-{number:04d}"


def next_dossier_code(unit: Unit, received_at: datetime.datetime) -> str:
    """The code of the next dossier `unit` receives at `received_at`."""
    if not unit.qcvn_code:
        raise ValueError(f"Unit {unit.pk} has no QCVN 102 code.")
    day = local_day(received_at)
    return format_code(unit.qcvn_code, day, _allocate(DailySequence, unit=unit, day=day))


def next_register_entry(unit: Unit, received_at: datetime.datetime) -> tuple[str, int]:
    """The register book (the year) and entry number of the next dossier `unit` receives."""
    year = local_day(received_at).year
    return str(year), _allocate(RegisterBook, unit=unit, year=year)


def new_lookup_secret() -> tuple[str, str]:
    """A fresh secret for the public lookup, and the hash that is stored instead of it."""
    secret = "".join(secrets.choice(LOOKUP_CHARACTERS) for _ in range(LOOKUP_LENGTH))
    return secret, make_password(secret, hasher=_lookup_hasher.get())


@contextmanager
def lookup_secrets_hashed_with(hasher: BasePasswordHasher) -> Iterator[None]:
    """Hash the lookup secrets given inside the block with `hasher` instead of the
    installation's password hasher. For bulk work whose secrets nobody keeps (the demo's
    historical dossiers): the hash must still be one that `check_password` verifies with
    the installed hashers (same algorithm, lighter parameters)."""
    token = _lookup_hasher.set(hasher)
    try:
        yield
    finally:
        _lookup_hasher.reset(token)


def secret_matches(typed: str, stored_hash: str) -> bool:
    """Whether a typed secret matches (case and spaces ignored; constant-time comparison)."""
    if not stored_hash:
        return False
    return check_password(typed.replace(" ", "").upper(), stored_hash)
