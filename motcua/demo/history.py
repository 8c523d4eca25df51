"""A province's history of dossiers, generated for load tests and benchmarks (`load_history`).

Every dossier follows the lifecycle (`motcua.dossiers.lifecycle`) as `perform` would have
written it, without going through it (a million dossiers through `perform` would take days):
the same transitions with the same states, actions and details, the control slip's rows that
the effects open and close (phases, process steps, allowances shared by
`timing.share_allowances`, due moments, early / on time / late), the pauses of supplements and
payments that move the appointment, apologies, files' metadata, codes numbered per receiving
unit and day in the order of receipt, register entries per unit and year, and on a finished
dossier the facts the statistics store when processing ends (`finished_facts`). Every moment
comes from the receiving unit's `WorkCalendar`, on minute numbers (its precomputed index).

Dossiers are generated day by day in the order of receipt and written in batches: COPY on
PostgreSQL (psycopg), `bulk_create` elsewhere (small counts, tests). Nothing but the
counters of the current run is kept in memory. A dossier whose history reaches past the end
of the period stops where "now" finds it: open rows, running pauses, an open state.

Loaded history is not written to the audit trail (nobody acted on this installation); one
event records the load. Files are metadata only (their content is not stored). Acting staff
are the units' members in the roles the lifecycle requires; a unit lacking one gets a
synthetic account (`lichsu.<unit id>.<role>`, unusable password). For test and benchmark
databases, never a province's real one.
"""

import bisect
import datetime
import gc
import operator
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from motcua.accounts.models import Role, StaffMembership, User, UserKind
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit
from motcua.catalog.models import (
    SUBMITTABLE_ONLINE_LEVELS,
    ProcedureVersion,
    ProcessStep,
    UnitRole,
    UnitScope,
    VersionStatus,
)
from motcua.core import audit
from motcua.dossiers import conf, stats, steps, timing
from motcua.dossiers.lifecycle import Action
from motcua.dossiers.models import (
    Apology,
    DailySequence,
    Dossier,
    DossierFile,
    DossierStep,
    FilePurpose,
    Pause,
    PauseKind,
    RegisterBook,
    StepPhase,
    Transition,
)
from motcua.dossiers.numbering import format_code
from motcua.dossiers.states import State
from motcua.worktime.engine import (
    MINUTES_PER_DAY,
    Punctuality,
    WorkCalendar,
    classify,
    classify_duration,
    from_minute,
    to_minute,
)
from motcua.worktime.limits import Channel, TimeUnit
from motcua.worktime.queries import get_calendar

# The lookup secret printed on every loaded dossier's receipt (benchmarks type it).
LOOKUP_SECRET = "LICHSU23"  # noqa: S105 - test data, printed by the command
_UTC_ORIGIN = from_minute(0).astimezone(datetime.UTC)

FAMILY = ["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 10 + ["Phạm"] * 7 + ["Hoàng"] * 5
FAMILY += ["Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Thái", "Cao"] * 2
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quốc", "Xuân", "Thu", "Đình"]
GIVEN = (
    "An Anh Bảo Bình Chi Cường Dũng Duy Giang Hà Hải Hạnh Hiếu Hoa Hùng Hương Huy Khánh Lan "
    "Linh Long Mai Minh Nam Nga Ngọc Nhung Phong Phúc Phương Quang Quân Sơn Tâm Thảo Thắng "
    "Thành Thủy Tiến Trang Trung Tuấn Tú Uyên Vân Việt Vinh Yến"
).split()
SUPPLEMENT_ITEMS = [
    "Bản sao giấy khai sinh có chứng thực",
    "Tờ khai ghi thiếu thông tin nơi cư trú",
    "Ảnh chân dung 4x6 chụp trong 6 tháng gần đây",
    "Giấy tờ chứng minh quyền sử dụng đất",
    "Văn bản ủy quyền có chứng thực",
]
REFUSAL_REASONS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan",
    "Hồ sơ đã được giải quyết trước đó",
]


def at(minute: int) -> datetime.datetime:
    """The aware (UTC) moment of a minute number of the deadline engine."""
    return _UTC_ORIGIN + datetime.timedelta(0, minute * 60)


# The catalogue and the units, read once ---------------------------------------------------


@dataclass
class Procedure:
    version: ProcedureVersion
    weight: float
    channels: list[Channel]
    receiving: list[int]
    processing: list[int]
    steps: list[ProcessStep]
    components: list[tuple[int, str]]
    phase_steps: dict[tuple[StepPhase, int, int], ProcessStep | None] = field(default_factory=dict)


@dataclass
class Catalogue:
    procedures: list[Procedure]
    cumulative: list[float]
    units: dict[int, Unit]
    calendars: dict[int, WorkCalendar]
    unit_weights: dict[int, float]
    staff: dict[tuple[int, str], list[int]]
    allowances: dict[tuple[int, int], dict[int, int]] = field(default_factory=dict)

    def pick(self, chance: random.Random) -> Procedure:
        position = bisect.bisect_left(self.cumulative, chance.random() * self.cumulative[-1])
        return self.procedures[min(position, len(self.procedures) - 1)]

    def member(self, chance: random.Random, unit_id: int, role: str) -> int:
        pool = self.staff[(unit_id, str(role))]
        return pool[0] if len(pool) == 1 else chance.choice(pool)


PROCESSING_ROLES = (Role.DIVISION_LEADER, Role.SPECIALIST, Role.AGENCY_LEADER, Role.CLERK)


def read_catalogue(chance: random.Random) -> Catalogue:
    units = {unit.pk: unit for unit in Unit.objects.exclude(qcvn_code="")}
    current = {pk for pk, unit in units.items() if unit.valid_to is None}
    communes = sorted(pk for pk in current if units[pk].kind in COMMUNE_LEVEL_KINDS)
    versions = (
        ProcedureVersion.objects.filter(status=VersionStatus.IN_FORCE)
        .prefetch_related("process_steps", "components", "unit_roles")
        .order_by("pk")
    )
    procedures: list[Procedure] = []
    ranks = list(range(1, len(versions) + 1))
    chance.shuffle(ranks)
    for version, rank in zip(versions, ranks, strict=True):
        roles = list(version.unit_roles.all())
        if version.unit_scope == UnitScope.EVERY_COMMUNE:
            receiving = communes
        else:
            receiving = [
                r.unit_id for r in roles if r.role == UnitRole.RECEIVING and r.unit_id in current
            ]
        if not receiving:
            continue
        channels = []
        if version.at_desk:
            channels.append(Channel.DESK)
        if version.online and version.online_level in SUBMITTABLE_ONLINE_LEVELS:
            channels.append(Channel.ONLINE)
        if version.by_post:
            channels.append(Channel.POST)
        if not channels:
            continue
        # A few procedures make most of the work (civil status, certification, land):
        # Zipf-like weights, and a commune's procedures are asked for in every commune.
        weight = 1 / rank**1.1 * (4 if version.unit_scope == UnitScope.EVERY_COMMUNE else 1)
        procedures.append(
            Procedure(
                version=version,
                weight=weight,
                channels=channels,
                receiving=receiving,
                processing=[r.unit_id for r in roles if r.role == UnitRole.PROCESSING],
                steps=sorted(version.process_steps.all(), key=lambda step: step.order),
                components=[(c.pk, c.name) for c in version.components.all() if c.required][:4],
            )
        )
    if not procedures:
        raise ValueError("No procedure in force is received by any unit: load the catalogue.")
    cumulative = []
    total = 0.0
    for procedure in procedures:
        total += procedure.weight
        cumulative.append(total)
    involved = {pk for p in procedures for pk in p.receiving + p.processing}
    involved |= {s.unit_id for p in procedures for s in p.steps if s.unit_id}
    involved &= set(units)
    # Units differ in size: a lognormal "population" weighs their share of dossiers.
    unit_weights = {pk: chance.lognormvariate(0, 0.6) for pk in sorted(involved)}
    calendars = {pk: get_calendar(units[pk].qcvn_code) for pk in sorted(involved)}
    return Catalogue(
        procedures, cumulative, units, calendars, unit_weights, staff=_staff(involved, units)
    )


def _staff(involved: set[int], units: dict[int, Unit]) -> dict[tuple[int, str], list[int]]:
    """The members of every unit in every role the lifecycle asks of it; a synthetic account
    where a unit has none."""
    staff: dict[tuple[int, str], list[int]] = {}
    for user_id, unit_id, role in StaffMembership.objects.filter(
        unit__in=involved, is_active=True, user__is_active=True
    ).values_list("user", "unit", "role"):
        staff.setdefault((unit_id, str(role)), []).append(user_id)
    wanted = [
        (unit_id, str(role))
        for unit_id in sorted(involved)
        for role in (Role.RECEPTION_OFFICER, *PROCESSING_ROLES)
        if (unit_id, str(role)) not in staff
    ]
    for unit_id, role in wanted:
        user, _created = User.objects.get_or_create(
            username=f"lichsu.{unit_id}.{role}",
            defaults={
                "kind": UserKind.STAFF,
                "full_name": f"{Role(role).label} ({units[unit_id].short_name or unit_id})",
                "password": make_password(None),
            },
        )
        StaffMembership.objects.get_or_create(user=user, unit_id=unit_id, role=role)
        staff[(unit_id, role)] = [user.pk]
    return staff


def _citizens(count: int, chance: random.Random) -> list[tuple[int, str, str]]:
    """Citizen accounts for online dossiers (created once, reused by later runs)."""
    existing = list(
        User.objects.filter(kind=UserKind.CITIZEN, username__startswith="lichsu.cd.")
        .order_by("pk")
        .values_list("pk", "full_name", "phone")[:count]
    )
    missing = count - len(existing)
    if missing > 0:
        start = len(existing)
        unusable = make_password(None)
        User.objects.bulk_create(
            (
                User(
                    username=f"lichsu.cd.{n:07d}",
                    kind=UserKind.CITIZEN,
                    full_name=_name(chance),
                    phone=f"09{n:08d}",
                    password=unusable,
                )
                for n in range(start, count)
            ),
            batch_size=5000,
        )
        existing = list(
            User.objects.filter(kind=UserKind.CITIZEN, username__startswith="lichsu.cd.")
            .order_by("pk")
            .values_list("pk", "full_name", "phone")[:count]
        )
    return existing


def _name(chance: random.Random) -> str:
    return f"{chance.choice(FAMILY)} {chance.choice(MIDDLE)} {chance.choice(GIVEN)}"


# Writers -----------------------------------------------------------------------------------

TABLES: list[type[models.Model]] = [Dossier, DossierStep, Transition, Pause, Apology, DossierFile]


class Table:
    """The columns of a model in the order they are written, with each column's default."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [
            f for f in model._meta.concrete_fields if not f.primary_key or f.name == "id"
        ]
        if model is not Dossier:
            self.fields = [f for f in self.fields if not f.primary_key]
        self.names = [f.attname for f in self.fields]
        self.defaults = {f.attname: None if f.primary_key else f.get_default() for f in self.fields}
        self.pick = operator.itemgetter(*self.names)

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """The row's values in column order, defaults where it has none (its keys starting
        with "_" are the generator's own)."""
        return cast(tuple[Any, ...], self.pick({**self.defaults, **row}))


class Writer:
    """Rows of one batch, written in one transaction."""

    def __init__(self) -> None:
        self.tables = {model: Table(model) for model in TABLES}

    def prepare(self) -> None:
        """Before the first batch."""

    def finish(self) -> None:
        """After the last batch (also after a failure)."""

    def next_ids(self, count: int) -> list[int]:
        raise NotImplementedError

    def write(self, rows: dict[type[models.Model], list[dict[str, Any]]]) -> None:
        raise NotImplementedError


class CopyWriter(Writer):
    """PostgreSQL: binary COPY through psycopg (less work than text for the loader and for
    PostgreSQL), dossier ids taken from the table's sequence.

    For a large load, the tables' secondary indexes and foreign keys are dropped first and
    created again at the end (as pg_restore does): building an index once is much cheaper
    than updating it row by row. Their definitions are written to `saved` first, so that a
    load killed half-way can be repaired with psql; primary keys, unique constraints and
    checks stay in place throughout."""

    def __init__(self, drop_indexes: bool = False, saved: Path | None = None) -> None:
        super().__init__()
        self.drop_indexes = drop_indexes
        self.saved = saved
        self.recreate: list[str] = []
        self.column_types: dict[type[models.Model], list[int]] = {}

    def prepare(self) -> None:
        if not self.drop_indexes:
            return
        tables = [model._meta.db_table for model in TABLES]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid::regclass::text = ANY(%s) AND NOT indisprimary "
                "AND NOT indisunique",
                [tables],
            )
            indexes = cursor.fetchall()
        self.recreate = [f"{definition};" for _name, definition in indexes] + [
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition};'
            for table, name, definition in foreign_keys
        ]
        if self.saved is not None:
            self.saved.write_text("\n".join(self.recreate) + "\n")
        with transaction.atomic(), connection.cursor() as cursor:
            # Inside an outer transaction (tests), deferred checks must run before the DDL.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _definition in foreign_keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {name}")

    def finish(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for statement in self.recreate:
                cursor.execute(statement)
            for model in TABLES:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        self.recreate = []
        if self.saved is not None:
            self.saved.unlink(missing_ok=True)

    def next_ids(self, count: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Dossier._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def write(self, rows: dict[type[models.Model], list[dict[str, Any]]]) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            for model, table in self.tables.items():
                batch = rows.get(model)
                if not batch:
                    continue
                types = self._column_types(raw, table)
                columns = ", ".join(f'"{f.column}"' for f in table.fields)
                statement = f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN (FORMAT BINARY)'
                with raw.copy(statement) as copy:
                    copy.set_types(types)
                    for row in batch:
                        copy.write_row(table.values(row))

    def _column_types(self, raw: Any, table: Table) -> list[int]:
        """The type (oid) of each column, which binary COPY needs."""
        if table.model not in self.column_types:
            raw.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table.model._meta.db_table],
            )
            types = dict(raw.fetchall())
            self.column_types[table.model] = [types[f.column] for f in table.fields]
        return self.column_types[table.model]


class OrmWriter(Writer):
    """Any other database (SQLite in development and tests): bulk_create."""

    def next_ids(self, count: int) -> list[int]:
        last = Dossier.objects.aggregate(last=models.Max("pk"))["last"] or 0
        last = max(last, getattr(self, "_last", 0))
        self._last = last + count
        return list(range(last + 1, last + count + 1))

    def write(self, rows: dict[type[models.Model], list[dict[str, Any]]]) -> None:
        with transaction.atomic():
            for model, table in self.tables.items():
                objects = [
                    model(**dict(zip(table.names, table.values(row), strict=True)))
                    for row in rows.get(model, ())
                ]
                model._default_manager.bulk_create(objects, batch_size=500)


# One dossier -------------------------------------------------------------------------------


class Clock:
    """Working time of one dossier's receiving unit, on minute numbers."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar

    def add(self, minute: int, working_minutes: int) -> int:
        """`WorkCalendar.add_working_minutes` on minute numbers."""
        if working_minutes == 0:
            return minute
        calendar = self.calendar
        return calendar.at_working_clock(calendar.working_clock(minute) + working_minutes)

    def later(self, minute: int, working_minutes: int) -> int:
        """The minute `working_minutes` of working time after `minute`, at least one: when
        the next event happens."""
        return self.add(minute, max(working_minutes, 1))

    def reading(self, minute: int) -> int:
        return self.calendar.working_clock(minute)

    def at_reading(self, worked: int) -> int:
        return self.calendar.at_working_clock(worked)

    def between(self, start: int, end: int) -> int:
        if end <= start:
            return 0
        return self.calendar.working_clock(end) - self.calendar.working_clock(start)


@dataclass
class Story:
    """What happens to one dossier, and the rows it leaves."""

    catalogue: Catalogue
    chance: random.Random
    now: int
    dossier: dict[str, Any]
    clock: Clock
    procedure: Procedure
    transitions: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    apologies: list[dict[str, Any]] = field(default_factory=list)
    files: list[dict[str, Any]] = field(default_factory=list)
    state: str = State.DRAFT.value
    stopped: bool = False
    due: int | None = None
    # Closed pauses that stop the clock, as minute spans (for the rows' punctuality).
    clock_pauses: list[tuple[int, int]] = field(default_factory=list)

    def happens(self, minute: int) -> bool:
        """Whether an event at `minute` is in the past; the first one that is not ends the
        story (the dossier stays as "now" finds it)."""
        if self.stopped or minute > self.now:
            self.stopped = True
            return False
        return True

    def transition(
        self,
        minute: int,
        action: Action,
        to_state: str,
        actor: int | None,
        note: str = "",
        data: dict[str, Any] | None = None,
    ) -> None:
        moment, state = at(minute), str(to_state)
        self.transitions.append(
            {
                "dossier_id": self.dossier["id"],
                "action": action.value,
                "from_state": ""
                if action == Action.SUBMIT and not self.transitions
                else self.state,
                "to_state": state,
                "actor_id": actor,
                "at": moment,
                "note": note,
                "data": data or {},
            }
        )
        self.state = self.dossier["state"] = state
        self.dossier["updated_at"] = moment

    # The control slip.

    def open_row(
        self,
        minute: int | None,
        phase: StepPhase,
        unit: int,
        role: str,
        given_by: int | None,
        *,
        from_unit: int | None = None,
        received_by: int | None = None,
        process_step: ProcessStep | None = None,
        group: int | None = None,
    ) -> dict[str, Any]:
        dossier = self.dossier
        if process_step is None and phase != StepPhase.CONSULTATION:
            process_step = self._process_step(phase, unit)
        step_id = process_step.id if process_step is not None else None
        allowance = self._allowances().get(step_id) if step_id is not None else None
        row = {
            "dossier_id": dossier["id"],
            "order": len(self.steps) + 1,
            "phase": phase.value,
            "process_step_id": step_id,
            "unit_id": unit,
            "role": process_step.role if process_step else str(role),
            "from_unit_id": from_unit,
            "given_by_id": given_by,
            "received_by_id": received_by,
            "allowance_minutes": allowance,
            "parallel_group": group,
            "_given": minute,
            "_due": None,
        }
        if minute is not None:
            self._start(row, minute)
        self.steps.append(row)
        return row

    def _start(self, row: dict[str, Any], minute: int) -> None:
        row["_given"] = minute
        row["given_at"] = row["received_at"] = at(minute)
        if row["allowance_minutes"] is not None:
            due = self.clock.add(minute, row["allowance_minutes"])
            row["_due"] = due
            row["due_at"] = at(due)

    def close_row(
        self, row: dict[str, Any], minute: int, actor: int | None, note: str = ""
    ) -> None:
        row["finished_at"] = at(minute)
        row["finished_by_id"] = actor
        if row.get("received_by_id") is None:
            row["received_by_id"] = actor
        if row["allowance_minutes"] is not None and row["_given"] is not None:
            taken = self.clock.between(row["_given"], minute)
            if self.clock_pauses:
                taken -= sum(
                    self.clock.between(max(start, row["_given"]), min(end, minute))
                    for start, end in self.clock_pauses
                )
            row["outcome"] = classify_duration(taken, row["allowance_minutes"]).value
        if note:
            row["note"] = note

    def open_rows(self, *phases: StepPhase) -> list[dict[str, Any]]:
        return [
            row
            for row in self.steps
            if row["phase"] in phases and row["_given"] is not None and "finished_at" not in row
        ]

    def hand_over(
        self,
        minute: int,
        finished: tuple[StepPhase, ...],
        phase: StepPhase,
        role: str,
        actor: int | None,
        unit: int | None = None,
        received_by: int | None = None,
        note: str = "",
    ) -> None:
        """`effects._hand_over`: close the open rows of `finished`, open the next row."""
        target = unit or self.dossier["holding_unit_id"]
        for row in self.open_rows(*finished):
            self.close_row(row, minute, actor, note)
        self.open_row(
            minute,
            phase,
            target,
            role,
            actor,
            from_unit=self.dossier["holding_unit_id"],
            received_by=received_by,
        )
        self.dossier["holding_unit_id"] = target

    def _process_step(self, phase: StepPhase, unit: int) -> ProcessStep | None:
        procedure = self.procedure
        key = (phase, unit, self.dossier["processing_unit_id"])
        if key not in procedure.phase_steps:
            stand_in = SimpleNamespace(processing_unit_id=self.dossier["processing_unit_id"])
            procedure.phase_steps[key] = steps.process_step_for(
                procedure.steps,
                phase,
                cast(Unit, SimpleNamespace(pk=unit)),
                cast(Dossier, stand_in),
            )
        return procedure.phase_steps[key]

    def _allowances(self) -> dict[int, int]:
        total = self.dossier["_total"]
        key = (self.procedure.version.id, total)
        allowances = self.catalogue.allowances.get(key)
        if allowances is None:
            allowances = timing.share_allowances(total, self.procedure.steps)
            self.catalogue.allowances[key] = allowances
        return allowances

    def extend_open_rows(self, minutes: int) -> None:
        for row in self.steps:
            if "finished_at" not in row and row["_due"] is not None:
                row["_due"] = self.clock.add(row["_due"], minutes)
                row["due_at"] = at(row["_due"])


@dataclass
class Counters:
    """Dossier numbers per receiving unit and day, register entries per unit and year."""

    daily: dict[tuple[int, datetime.date], int] = field(default_factory=dict)
    register: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def read(cls) -> "Counters":
        return cls(
            daily={
                (unit, day): last
                for unit, day, last in DailySequence.objects.values_list(
                    "unit", "day", "last_number"
                )
            },
            register={
                (unit, year): last
                for unit, year, last in RegisterBook.objects.values_list(
                    "unit", "year", "last_number"
                )
            },
        )

    def next(self, store: dict[Any, int], key: Any) -> int:
        store[key] = store.get(key, 0) + 1
        return store[key]

    def save(self) -> None:
        counters: tuple[tuple[type[models.Model], dict[Any, int], tuple[str, str]], ...] = (
            (DailySequence, self.daily, ("unit_id", "day")),
            (RegisterBook, self.register, ("unit_id", "year")),
        )
        for model, store, fields in counters:
            model._default_manager.bulk_create(
                [
                    model(**dict(zip(fields, key, strict=True)), last_number=last)
                    for key, last in store.items()
                ],
                batch_size=5000,
                update_conflicts=True,
                unique_fields=[name.removesuffix("_id") for name in fields],
                update_fields=["last_number"],
            )


@dataclass
class Mix:
    """The shares of what happens to dossiers (fractions of all dossiers)."""

    online_first: float = 0.25  # online share in the first year, rising to online_last
    online_last: float = 0.6
    post: float = 0.03
    refused: float = 0.015
    withdrawn_before_receipt: float = 0.01
    supplement_at_intake: float = 0.08
    supplement_in_process: float = 0.06
    payment: float = 0.25  # of the dossiers of procedures with fees
    rejected: float = 0.025
    stopped: float = 0.006
    late_first: float = 0.12  # late share in the first year, falling to late_last
    late_last: float = 0.04
    apology: float = 0.4  # of the dossiers that run late
    sent_back: float = 0.03


class History:
    """Generates and writes the dossiers of a period."""

    def __init__(
        self,
        dossiers: int,
        first_day: datetime.date,
        last_day: datetime.date,
        *,
        seed: int = 2026,
        batch: int = 5000,
        now: datetime.datetime | None = None,
        writer: Writer | None = None,
        mix: Mix | None = None,
        progress: Callable[[str], None] = lambda line: None,
        drop_indexes: bool | None = None,
        parallel: bool = False,
    ) -> None:
        self.count = dossiers
        self.first_day, self.last_day = first_day, last_day
        self.chance = random.Random(seed)
        self.batch = batch
        self.mix = mix or Mix()
        self.progress = progress
        moment = now or datetime.datetime.combine(
            last_day + datetime.timedelta(days=1), datetime.time(), datetime.UTC
        )
        self.now = to_minute(moment)
        postgresql = connection.vendor == "postgresql"
        if writer is None and postgresql:
            drop = dossiers >= 50_000 if drop_indexes is None else drop_indexes
            writer = CopyWriter(drop, Path(settings.VAR_DIR) / "load_history_indexes.sql")
        self.writer = writer or OrmWriter()
        # Generate the next batch while a thread writes the last one (PostgreSQL only: the
        # thread has its own connection, so it cannot see a test's uncommitted rows).
        self.parallel = parallel and postgresql and not connection.in_atomic_block
        self.queue: queue.Queue[dict[type[models.Model], list[dict[str, Any]]] | None] = (
            queue.Queue(maxsize=1)
        )
        self.failure: BaseException | None = None
        self.secret_hash = make_password(LOOKUP_SECRET)
        self.written = 0

    # The days and their dossiers.

    def days(self) -> Iterator[tuple[datetime.date, int]]:
        """Every working day of the province in the period, with its number of receipts:
        growing over the years, fewer around Tết, more on Mondays; exactly `count` in all."""
        calendar = get_calendar(None)
        days = []
        day = self.first_day
        # Days before "now" only: a dossier is never received in the future.
        last_day = min(self.last_day, from_minute(self.now).date() - datetime.timedelta(days=1))
        while day <= last_day:
            if calendar.is_working_day(day):
                days.append(day)
            day += datetime.timedelta(days=1)
        if not days:
            raise ValueError("The period has no working day.")
        season = {1: 0.85, 2: 0.75, 12: 1.1, 7: 1.05, 8: 1.05}
        weights = [
            (1 + 0.1 * (d - self.first_day).days / 365)
            * season.get(d.month, 1.0)
            * (1.15 if d.isoweekday() == 1 else 0.92 if d.isoweekday() == 5 else 1.0)
            for d in days
        ]
        total = sum(weights)
        exact = [self.count * w / total for w in weights]
        counts = [int(x) for x in exact]
        spare = self.count - sum(counts)
        for position in sorted(range(len(days)), key=lambda n: counts[n] - exact[n])[:spare]:
            counts[position] += 1
        yield from zip(days, counts, strict=True)

    def run(self) -> dict[str, int]:
        catalogue = read_catalogue(self.chance)
        self.catalogue = catalogue
        citizens = _citizens(max(20, min(self.count // 8, 200_000)), self.chance)
        self.citizens = citizens
        counters = Counters.read()
        self.writer.prepare()
        started = time.perf_counter()
        # The rows are freed as soon as they are written and hold no reference cycles: the
        # garbage collector need not walk the modules, catalogue and calendars read so far,
        # nor run as often as it does by default (about 15 % of the generation's time).
        gc.collect()
        gc.freeze()
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, *thresholds[1:])
        try:
            totals = self._load(counters)
            self.progress(f"Rows written in {time.perf_counter() - started:.0f} s")
        finally:
            gc.set_threshold(*thresholds)
            gc.unfreeze()
            self.progress("Creating the indexes and foreign keys, analysing the tables")
            started = time.perf_counter()
            self.writer.finish()
            self.progress(f"... done in {time.perf_counter() - started:.0f} s")
        with transaction.atomic():
            counters.save()
            audit.record("history.load", data={**totals, "until": self.last_day.isoformat()})
        return totals

    def _load(self, counters: Counters) -> dict[str, int]:
        if not self.parallel:
            return self._generate(counters)
        thread = threading.Thread(target=self._write_queued, name="load_history-writer")
        thread.start()
        try:
            return self._generate(counters)
        finally:
            self.queue.put(None)
            thread.join()
            if self.failure is not None:
                raise self.failure

    def _write_queued(self) -> None:
        try:
            while (rows := self.queue.get()) is not None:
                if self.failure is None:
                    self.writer.write(rows)
        except BaseException as error:  # handed to the main thread
            self.failure = error
            while self.queue.get() is not None:
                pass
        finally:
            connection.close()

    def _generate(self, counters: Counters) -> dict[str, int]:
        started = time.perf_counter()
        pending: list[tuple[int, Procedure, int]] = []
        totals = {"dossiers": 0, "steps": 0, "transitions": 0, "pauses": 0, "files": 0}
        for day, count in self.days():
            day_number = (day - datetime.date(2000, 1, 1)).days
            plans = []
            for _ in range(count):
                procedure = self.catalogue.pick(self.chance)
                unit = self._receiving_unit(procedure)
                # Receipts during the day's office hours (the desk's busiest in the morning).
                office = self.chance.choice((0, 0, 1))
                minute_of_day = (
                    self.chance.randrange(7 * 60 + 30, 11 * 60 + 30)
                    if office == 0
                    else self.chance.randrange(13 * 60 + 30, 17 * 60)
                )
                plans.append((day_number * MINUTES_PER_DAY + minute_of_day, procedure, unit))
            plans.sort(key=lambda plan: plan[0])
            pending.extend(plans)
            if len(pending) >= self.batch:
                self._flush(pending, counters, totals)
                pending = []
                elapsed = time.perf_counter() - started
                self.progress(
                    f"{totals['dossiers']:,} dossiers ({day:%Y-%m-%d}), "
                    f"{totals['dossiers'] / elapsed:,.0f}/s"
                )
        if pending:
            self._flush(pending, counters, totals)
        return totals

    def _receiving_unit(self, procedure: Procedure) -> int:
        receiving = procedure.receiving
        if len(receiving) == 1:
            return receiving[0]
        weights = self.catalogue.unit_weights
        return self.chance.choices(receiving, [weights[pk] for pk in receiving])[0]

    def _flush(
        self,
        pending: list[tuple[int, Procedure, int]],
        counters: Counters,
        totals: dict[str, int],
    ) -> None:
        ids = self.writer.next_ids(len(pending))
        rows: dict[type[models.Model], list[dict[str, Any]]] = {model: [] for model in TABLES}
        for dossier_id, (minute, procedure, unit) in zip(ids, pending, strict=True):
            story = self._story(dossier_id, minute, procedure, unit, counters)
            rows[Dossier].append(story.dossier)
            rows[DossierStep].extend(story.steps)
            rows[Transition].extend(story.transitions)
            rows[Pause].extend(story.pauses)
            rows[Apology].extend(story.apologies)
            rows[DossierFile].extend(story.files)
        if self.parallel:
            if self.failure is not None:
                raise self.failure
            self.queue.put(rows)
        else:
            self.writer.write(rows)
        totals["dossiers"] += len(rows[Dossier])
        totals["steps"] += len(rows[DossierStep])
        totals["transitions"] += len(rows[Transition])
        totals["pauses"] += len(rows[Pause])
        totals["files"] += len(rows[DossierFile])

    # The story of one dossier -----------------------------------------------------------------

    def _channel(self, procedure: Procedure, minute: int) -> Channel:
        channels = procedure.channels
        if len(channels) == 1:
            return channels[0]
        progress = (minute - self.first_minute) / max(self.now - self.first_minute, 1)
        online = self.mix.online_first + (self.mix.online_last - self.mix.online_first) * progress
        draw = self.chance.random()
        if Channel.ONLINE in channels and draw < online:
            return Channel.ONLINE
        if Channel.POST in channels and draw > 1 - self.mix.post:
            return Channel.POST
        return Channel.DESK if Channel.DESK in channels else channels[0]

    @property
    def first_minute(self) -> int:
        return (self.first_day - datetime.date(2000, 1, 1)).days * MINUTES_PER_DAY

    def _story(
        self, dossier_id: int, minute: int, procedure: Procedure, unit: int, counters: Counters
    ) -> Story:
        chance, mix, catalogue = self.chance, self.mix, self.catalogue
        version = procedure.version
        channel = self._channel(procedure, minute)
        clock = Clock(catalogue.calendars[unit])
        applicant: int | None = None
        if channel == Channel.ONLINE or chance.random() < 0.2:
            applicant, name, phone = chance.choice(self.citizens)
        else:
            name, phone = _name(chance), f"09{chance.randrange(10**8):08d}"
        desk = catalogue.member(chance, unit, Role.RECEPTION_OFFICER)
        # Received at `minute`; submitted before: online at any hour, a day or two ahead,
        # or long before when the desk asked for a supplement first.
        intake_supplement = chance.random() < mix.supplement_at_intake
        if channel == Channel.ONLINE:
            submitted = minute - chance.randrange(10, 2 * MINUTES_PER_DAY)
        else:
            submitted = minute - chance.randrange(5, 40)
        if intake_supplement:
            submitted -= chance.randrange(MINUTES_PER_DAY, 8 * MINUTES_PER_DAY)
        submitted_at = at(submitted)
        dossier: dict[str, Any] = {
            "id": dossier_id,
            "created_at": submitted_at,
            "updated_at": submitted_at,
            "procedure_version_id": version.pk,
            "receiving_unit_id": unit,
            "holding_unit_id": unit,
            "applicant_id": applicant,
            "entered_by_id": desk if channel != Channel.ONLINE else None,
            "applicant_name": name,
            "applicant_phone": phone or "",
            "channel": channel.value,
            "state": State.SUBMITTED.value,
            "form_data": {},
            "sets_count": 1,
            "submitted_at": submitted_at,
            "_total": 0,
        }
        story = Story(catalogue, chance, self.now, dossier, clock, procedure)
        submitter = applicant if channel == Channel.ONLINE else desk
        story.transition(submitted, Action.SUBMIT, State.SUBMITTED, submitter)

        # Intake: a supplement first, a refusal, a withdrawal.
        if intake_supplement:
            asked = submitted + chance.randrange(30, 600)
            if story.happens(asked):
                items = [chance.choice(SUPPLEMENT_ITEMS)]
                pause = self._pause(story, PauseKind.SUPPLEMENT_AT_INTAKE, asked, desk, items)
                story.transition(
                    asked,
                    Action.REQUEST_SUPPLEMENT,
                    State.SUPPLEMENT_AT_INTAKE,
                    desk,
                    data={"items": items},
                )
                supplied = minute - chance.randrange(5, 60)
                if story.happens(supplied):
                    pause["ended_at"] = at(supplied)
                    pause["ended_by_id"] = submitter
                    story.transition(supplied, Action.SUPPLY_SUPPLEMENT, State.SUBMITTED, submitter)
        draw = chance.random()
        if draw < mix.refused:
            if story.happens(minute):
                reasons = [chance.choice(REFUSAL_REASONS)]
                story.transition(
                    minute,
                    Action.REFUSE,
                    State.REFUSED,
                    desk,
                    note="; ".join(reasons),
                    data={"reasons": reasons, "legal_basis": ""},
                )
            return self._finish(story)
        if draw < mix.refused + mix.withdrawn_before_receipt:
            if story.happens(minute):
                for pause in story.pauses:
                    pause.setdefault("ended_at", at(minute))
                    pause.setdefault("ended_by_id", submitter)
                if channel == Channel.ONLINE:
                    story.transition(minute, Action.WITHDRAW, State.CANCELLED, applicant)
                else:
                    reason = "Người nộp không bổ sung hồ sơ"
                    story.transition(minute, Action.CANCEL, State.CANCELLED, desk, note=reason)
            return self._finish(story)
        if not story.happens(minute):
            return self._finish(story)
        self._receive(story, minute, unit, desk, counters)
        self._process(story, minute, desk)
        return self._finish(story)

    def _pause(
        self,
        story: Story,
        kind: PauseKind,
        minute: int,
        actor: int,
        items: list[str],
        amount: int | None = None,
        stops_clock: bool = False,
    ) -> dict[str, Any]:
        pause = {
            "dossier_id": story.dossier["id"],
            "kind": kind.value,
            "started_at": at(minute),
            "requested_by_id": actor,
            "items": items,
            "amount_vnd": amount,
            "stops_clock": stops_clock,
            "_start": minute,
        }
        story.pauses.append(pause)
        return pause

    def _receive(self, story: Story, minute: int, unit: int, desk: int, counters: Counters) -> None:
        dossier, procedure, catalogue = story.dossier, story.procedure, self.catalogue
        version = procedure.version
        calendar = story.clock.calendar
        channel = Channel(dossier["channel"])
        start = calendar.clock_start_minute(minute, channel, version.cutoff_time)
        due = calendar.add_minutes(
            start, version.time_limit_amount, TimeUnit(version.time_limit_unit)
        )
        processing = procedure.processing
        if not processing or unit in processing:
            lead = unit
        else:
            lead = processing[0] if len(processing) == 1 else self.chance.choice(processing)
        day = from_minute(minute).date()
        qcvn = catalogue.units[unit].qcvn_code or ""
        code = format_code(qcvn, day, counters.next(counters.daily, (unit, day)))
        dossier.update(
            code=code,
            processing_unit_id=lead,
            received_at=at(minute),
            clock_started_at=at(start),
            due_at=at(due),
            original_due_at=at(due),
            register_book=str(day.year),
            register_number=counters.next(counters.register, (unit, day.year)),
            lookup_secret_hash=self.secret_hash,
            return_channel=channel.value,
            _total=story.clock.between(start, due),
            _start=start,
        )
        story.due = due
        story.open_row(
            minute,
            StepPhase.RECEPTION,
            unit,
            Role.RECEPTION_OFFICER,
            dossier["applicant_id"],
            received_by=desk,
        )
        story.transition(
            minute,
            Action.RECEIVE,
            State.RECEIVED,
            desk,
            data={"code": code, "due_at": from_minute(due).isoformat()},
        )
        # The papers: every required component, scanned at the desk or uploaded online.
        if channel == Channel.ONLINE or self.chance.random() < 0.5:
            uploader = dossier["applicant_id"] if channel == Channel.ONLINE else desk
            for component, component_name in procedure.components:
                self._file(
                    story, component, component_name, FilePurpose.APPLICATION, uploader, minute
                )

    def _file(
        self,
        story: Story,
        component: int | None,
        name: str,
        purpose: FilePurpose,
        uploader: int | None,
        minute: int,
    ) -> None:
        digest = f"{self.chance.getrandbits(256):064x}"
        dossier_id = story.dossier["id"]
        story.files.append(
            {
                "dossier_id": dossier_id,
                "component_id": component,
                "purpose": purpose.value,
                "file": f"dossiers/{dossier_id}/{digest[:2]}/{digest}",
                "original_name": f"{name[:60].strip()}.pdf",
                "content_type": "application/pdf",
                "size": self.chance.randrange(80_000, 3_000_000),
                "sha256": digest,
                "uploaded_by_id": uploader,
                "uploaded_at": at(minute),
            }
        )

    def _process(self, story: Story, received: int, desk: int) -> None:
        """From the desk to the returned result, as the lifecycle's actions write it."""
        chance, mix, catalogue = self.chance, self.mix, self.catalogue
        dossier, procedure = story.dossier, story.procedure
        unit, lead = dossier["receiving_unit_id"], dossier["processing_unit_id"]
        start, due = dossier["_start"], story.due
        assert due is not None
        total = max(dossier["_total"], 60)
        progress = (received - self.first_minute) / max(self.now - self.first_minute, 1)
        late_share = mix.late_first + (mix.late_last - mix.late_first) * progress
        # The share of the time limit the whole processing takes.
        if chance.random() < late_share:
            fraction = chance.uniform(1.02, 1.8)
        else:
            fraction = chance.betavariate(2.2, 2.0) * 0.97 + 0.02
        budget = max(int(total * fraction), 8)
        # The phases' shares of it: desk, assignment, review (with consultations), decision,
        # issue; the return comes after processing ended.
        shares = [0.05, 0.1, 0.6, 0.15, 0.1]
        spans = [max(int(budget * share * chance.uniform(0.6, 1.4)), 1) for share in shares]
        spans[2] += budget - sum(spans)
        spans[2] = max(spans[2], 1)
        leader = catalogue.member(chance, lead, Role.DIVISION_LEADER)
        specialist = catalogue.member(chance, lead, Role.SPECIALIST)
        head = catalogue.member(chance, lead, Role.AGENCY_LEADER)
        clerk = catalogue.member(chance, lead, Role.CLERK)
        later = story.clock.later
        moment = max(start, received)

        # Transfer to the processing unit, and the leader's assignment.
        moment = later(moment, spans[0])
        if not story.happens(moment):
            return
        story.hand_over(
            moment,
            (StepPhase.RECEPTION,),
            StepPhase.ASSIGNMENT,
            Role.DIVISION_LEADER,
            desk,
            unit=lead,
        )
        story.transition(moment, Action.TRANSFER, State.TRANSFERRED, desk, data={"to_unit": lead})
        if self._withdrawal(story, moment, desk):
            return
        moment = later(moment, spans[1])
        if not story.happens(moment):
            return
        story.hand_over(
            moment,
            (StepPhase.ASSIGNMENT, StepPhase.REVIEW),
            StepPhase.REVIEW,
            Role.SPECIALIST,
            leader,
            received_by=specialist,
        )
        dossier["assignee_id"] = specialist
        story.transition(
            moment, Action.ASSIGN, State.IN_REVIEW, leader, data={"specialist": specialist}
        )
        review = spans[2]

        # Consultations with the coordinating agencies of the internal process.
        own = {unit, lead}
        consulted = [s for s in procedure.steps if s.unit_id is not None and s.unit_id not in own]
        if consulted:
            moment = later(moment, max(review // 5, 1))
            if not story.happens(moment):
                return
            rows = [
                story.open_row(
                    moment,
                    StepPhase.CONSULTATION,
                    cast(int, s.unit_id),
                    Role.SPECIALIST,
                    specialist,
                    from_unit=lead,
                    process_step=s,
                    group=1,
                )
                for s in consulted
            ]
            story.transition(
                moment,
                Action.CONSULT,
                State.CONSULTING,
                specialist,
                data={"agencies": [s.unit_id for s in consulted], "in_sequence": False},
            )
            answers = sorted(
                (
                    (
                        later(
                            moment,
                            int(
                                (row["allowance_minutes"] or review // 3) * chance.uniform(0.3, 1.3)
                            ),
                        ),
                        row,
                    )
                    for row in rows
                ),
                key=lambda answer: answer[0],
            )
            for position, (answered, row) in enumerate(answers):
                if not story.happens(answered):
                    return
                answerer = catalogue.member(chance, row["unit_id"], Role.SPECIALIST)
                opinion = "Thống nhất với đề xuất của cơ quan chủ trì"
                story.close_row(row, answered, answerer, opinion)
                last = position == len(answers) - 1
                story.transition(
                    answered,
                    Action.ANSWER_CONSULTATION,
                    State.IN_REVIEW if last else State.CONSULTING,
                    answerer,
                    note=opinion,
                    data={"unit": row["unit_id"]},
                )
                moment = answered

        # A supplement during processing (stops the clock), a financial obligation.
        if chance.random() < mix.supplement_in_process:
            moment = later(moment, max(review // 4, 1))
            if not story.happens(moment):
                return
            items = [chance.choice(SUPPLEMENT_ITEMS)]
            pause = self._pause(
                story, PauseKind.SUPPLEMENT_IN_PROCESS, moment, specialist, items, stops_clock=True
            )
            story.transition(
                moment,
                Action.REQUEST_SUPPLEMENT,
                State.SUPPLEMENT_IN_PROCESS,
                specialist,
                data={"items": items},
            )
            supplied = moment + chance.randrange(MINUTES_PER_DAY, 10 * MINUTES_PER_DAY)
            supplied = later(supplied, 1)
            if not story.happens(supplied):
                return
            paused = story.clock.between(moment, supplied)
            pause.update(ended_at=at(supplied), ended_by_id=desk, paused_minutes=paused)
            story.clock_pauses.append((moment, supplied))
            data: dict[str, Any] = {}
            if story.due is not None and moment < story.due:
                story.due = story.clock.add(story.due, paused)
                dossier["due_at"] = at(story.due)
                story.extend_open_rows(paused)
                data["appointment_moved_by_minutes"] = paused
            story.transition(supplied, Action.SUPPLY_SUPPLEMENT, State.IN_REVIEW, desk, data=data)
            moment = supplied
        if procedure.version.has_fee and chance.random() < mix.payment:
            moment = later(moment, max(review // 5, 1))
            if not story.happens(moment):
                return
            amount = chance.choice((50_000, 100_000, 200_000, 500_000, 1_500_000))
            stops = conf.payment_stops_clock()
            pause = self._pause(
                story,
                PauseKind.FINANCIAL_OBLIGATION,
                moment,
                specialist,
                [],
                amount=amount,
                stops_clock=stops,
            )
            story.transition(
                moment,
                Action.REQUEST_PAYMENT,
                State.AWAITING_PAYMENT,
                specialist,
                data={"amount_vnd": amount, "items": []},
            )
            paid = later(moment + chance.randrange(60, 3 * MINUTES_PER_DAY), 1)
            if not story.happens(paid):
                return
            pause.update(ended_at=at(paid), ended_by_id=desk)
            data = {}
            if stops:
                paused = story.clock.between(moment, paid)
                pause["paused_minutes"] = paused
                story.clock_pauses.append((moment, paid))
                if story.due is not None and moment < story.due:
                    story.due = story.clock.add(story.due, paused)
                    dossier["due_at"] = at(story.due)
                    story.extend_open_rows(paused)
                    data["appointment_moved_by_minutes"] = paused
            receipt = f"BL{chance.randrange(10**7):07d}"
            story.transition(
                paid,
                Action.RECORD_PAYMENT,
                State.IN_REVIEW,
                desk,
                data={"receipt_number": receipt, "amount_vnd": amount, **data},
            )
            moment = paid
        if self._withdrawal(story, moment, desk):
            return

        # The proposal, the leader's decision, the result.
        finish = self._planned_finish(story, budget)
        clock = story.clock
        propose_at = clock.at_reading(
            max(clock.reading(finish) - spans[3] - spans[4], clock.reading(moment) + 1)
        )
        self._apology(story, propose_at, finish, lead, head)
        if not story.happens(propose_at):
            return
        rejected = chance.random() < mix.rejected
        proposal = "reject" if rejected else "approve"
        story.hand_over(
            propose_at, (StepPhase.REVIEW,), StepPhase.DECISION, Role.AGENCY_LEADER, specialist
        )
        story.transition(
            propose_at,
            Action.PROPOSE,
            State.AWAITING_DECISION,
            specialist,
            data={"proposal": proposal},
        )
        decided = later(propose_at, spans[3])
        if not story.happens(decided):
            return
        if rejected:
            reason = "Hồ sơ không đáp ứng điều kiện theo quy định"
            story.hand_over(
                decided,
                (StepPhase.DECISION,),
                StepPhase.RETURN,
                Role.RECEPTION_OFFICER,
                head,
                unit=unit,
                note=reason,
            )
            story.transition(decided, Action.REJECT, State.REJECTED, head, note=reason)
            dossier["finished_at"] = at(decided)
            ready = decided
        else:
            story.hand_over(decided, (StepPhase.DECISION,), StepPhase.ISSUE, Role.CLERK, head)
            story.transition(decided, Action.APPROVE, State.APPROVED, head)
            ready = later(decided, spans[4])
            if not story.happens(ready):
                return
            reference = f"{chance.randrange(1, 9999)}/QĐ-{ready // MINUTES_PER_DAY % 1000}"
            online_return = dossier["return_channel"] == Channel.ONLINE
            if online_return:
                self._file(
                    story,
                    None,
                    procedure.version.result_name or "Kết quả",
                    FilePurpose.RESULT,
                    clerk,
                    ready,
                )
            dossier["result_reference"] = reference
            story.hand_over(
                ready,
                (StepPhase.ISSUE,),
                StepPhase.RETURN,
                Role.RECEPTION_OFFICER,
                clerk,
                unit=unit,
            )
            story.transition(
                ready,
                Action.ISSUE_RESULT,
                State.RESULT_READY,
                clerk,
                data={"result_reference": reference},
            )
            dossier["finished_at"] = at(ready)

        # The return: at once online, when the applicant comes to the desk, by post.
        how = Channel(dossier["return_channel"])
        wait = {Channel.ONLINE: (1, 60), Channel.POST: (60, 900)}.get(how, (30, 2700))
        returned = later(ready, chance.randrange(*wait))
        if not story.happens(returned):
            return
        for row in story.open_rows(StepPhase.RETURN):
            story.close_row(row, returned, desk)
        details = {"channel": how.value, "receiver_name": "", "postal_tracking_number": ""}
        if how == Channel.DESK:
            dossier["result_receiver_name"] = details["receiver_name"] = dossier["applicant_name"]
        elif how == Channel.POST:
            tracking = f"EB{chance.randrange(10**9):09d}VN"
            dossier["postal_tracking_number"] = details["postal_tracking_number"] = tracking
        dossier["returned_at"] = at(returned)
        story.transition(returned, Action.RETURN_RESULT, State.RETURNED, desk, data=details)

    def _planned_finish(self, story: Story, budget: int) -> int:
        """When processing ends: `budget` working minutes after the clock started, later by
        the pauses that stopped the clock."""
        dossier = story.dossier
        paused = sum(story.clock.between(start, end) for start, end in story.clock_pauses)
        return story.clock.later(dossier["_start"], budget + paused)

    def _apology(self, story: Story, propose_at: int, finish: int, lead: int, head: int) -> bool:
        """A unit running late apologises before the appointment and sets a new one."""
        due = story.due
        if due is None or finish <= due or self.chance.random() >= self.mix.apology:
            return False
        if conf.max_apologies() < 1:
            return False
        issued = story.clock.later(max(due - 4 * 60, story.dossier["_start"]), 1)
        issued = min(issued, due)
        last_event = story.transitions[-1]["at"]
        if at(issued) < last_event or issued > propose_at or not story.happens(issued):
            return False
        new_due = story.clock.later(finish, self.chance.randrange(60, 3 * 450))
        reason = "Cần thêm thời gian xác minh thông tin hồ sơ"
        story.apologies.append(
            {
                "dossier_id": story.dossier["id"],
                "unit_at_fault_id": lead,
                "reason": reason,
                "old_due_at": at(due),
                "new_due_at": at(new_due),
                "issued_by_id": head,
                "issued_at": at(issued),
            }
        )
        story.transition(
            issued,
            Action.APOLOGISE,
            story.state,
            head,
            note=reason,
            data={
                "unit_at_fault": lead,
                "old_due_at": from_minute(due).isoformat(),
                "new_due_at": from_minute(new_due).isoformat(),
            },
        )
        story.due = new_due
        story.dossier["due_at"] = at(new_due)
        return True

    def _withdrawal(self, story: Story, moment: int, desk: int) -> bool:
        """The applicant asks to withdraw; the leader stops processing (Mẫu 05)."""
        if self.chance.random() >= self.mix.stopped / 2:
            return False
        dossier = story.dossier
        asked = story.clock.later(moment, 30)
        if not story.happens(asked):
            return True
        asker = dossier["applicant_id"] or desk
        story.transition(asked, Action.REQUEST_WITHDRAWAL, State.WITHDRAWAL_REQUESTED, asker)
        stopped = story.clock.later(asked, self.chance.randrange(30, 900))
        if not story.happens(stopped):
            return True
        holder = dossier["holding_unit_id"]
        leader = self.catalogue.member(self.chance, holder, Role.AGENCY_LEADER)
        reason = "Người nộp hồ sơ xin rút hồ sơ"
        for row in story.steps:
            if row["_given"] is not None and "finished_at" not in row:
                story.close_row(row, stopped, leader, reason)
        dossier["holding_unit_id"] = dossier["receiving_unit_id"]
        dossier["finished_at"] = at(stopped)
        story.transition(
            stopped, Action.STOP, State.STOPPED, leader, note=reason, data={"fee_handling": ""}
        )
        return True

    def _finish(self, story: Story) -> Story:
        dossier = story.dossier
        if "finished_at" in dossier:
            dossier.update(finished_facts(story))
        if hasattr(Dossier, "folded_search_text"):
            # The inbox's folded search text, as Dossier.save() writes it.
            stand_in = SimpleNamespace(
                code=dossier.get("code"),
                applicant_name=dossier["applicant_name"],
                submitter_name="",
                applicant_cccd="",
            )
            dossier["search_text"] = Dossier.folded_search_text(cast(Dossier, stand_in))
        return story


def finished_facts(story: Story) -> dict[str, Any]:
    """The facts the statistics store on a finished dossier (`finish_outcome`,
    `judged_due_at`, `supplement_requests`), from its story: what
    `stats.record_finished_facts` computes from the written history, whose SQL stays the rule
    (a test loads a history and checks that both agree on every finished dossier)."""
    dossier = story.dossier
    apologies = story.apologies
    judged_due_at = (
        min(apologies, key=lambda apology: apology["issued_at"])["old_due_at"]
        if apologies
        else dossier["due_at"]
    )
    supplement_requests = sum(
        pause["kind"] == PauseKind.SUPPLEMENT_IN_PROCESS for pause in story.pauses
    )
    if dossier["state"] == State.STOPPED:
        withdrawn = any(
            t["action"] == Action.STOP and t["from_state"] == State.WITHDRAWAL_REQUESTED
            for t in story.transitions
        )
        outcome = stats.WITHDRAWN if withdrawn else stats.STOPPED
    elif any(t["to_state"] == State.REJECTED for t in story.transitions):
        outcome = stats.RETURNED
    else:
        punctuality = classify(dossier["finished_at"], judged_due_at)
        if punctuality == Punctuality.LATE:
            outcome = stats.RESOLVED_LATE
        elif supplement_requests > stats.MAX_SUPPLEMENT_REQUESTS_ON_TIME:
            outcome = stats.RESOLVED_LATE_SUPPLEMENTS
        elif punctuality == Punctuality.EARLY:
            outcome = stats.RESOLVED_EARLY
        else:
            outcome = stats.RESOLVED_ON_TIME
    return {
        "finish_outcome": outcome,
        "judged_due_at": judged_due_at,
        "supplement_requests": supplement_requests,
    }


def default_period(
    years: float, until: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The `years` before `until` (yesterday by default)."""
    last = until or (datetime.date.today() - datetime.timedelta(days=1))
    first = last - datetime.timedelta(days=max(int(years * 365.25), 1) - 1)
    return first, last
