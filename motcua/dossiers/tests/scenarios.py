"""A month of dossiers taken through the lifecycle, one for each way of counting, for the
statistics and register tests (the expected figures are counted by hand in those tests).

The version's time limit is 5 working days: a dossier received on Monday 2 March 2026 at
08:00 is due on Monday 9 March at 17:00 (no days off in March 2026). A supplement from
08:00 to 08:00 the next working day pauses one working day (450 minutes).
"""

import datetime
from dataclasses import dataclass

from motcua.accounts.models import Role, User
from motcua.agencies.models import Unit, UnitKind
from motcua.agencies.tests.factories import UnitFactory
from motcua.dossiers import services
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import ApplicantDetails
from motcua.dossiers.tests.factories import Province, at, details, staff
from motcua.worktime.limits import Channel

HOUR = datetime.timedelta(hours=1)


@dataclass
class Division:
    unit: Unit
    leader: User
    specialist: User
    clerk: User


def make_division(world: Province) -> Division:
    """A division under the department (a unit two levels below the province)."""
    unit = UnitFactory.create(
        name="Phòng Hành chính tư pháp",
        kind=UnitKind.DIVISION,
        qcvn_code="000.01.10.H41",
        parent=world.department,
    )
    return Division(
        unit=unit,
        leader=staff(unit, Role.DIVISION_LEADER),
        specialist=staff(unit, Role.SPECIALIST),
        clerk=staff(unit, Role.CLERK),
    )


_keys = iter(range(1, 1_000_000))


def received(
    world: Province,
    when: datetime.datetime,
    channel: Channel = Channel.DESK,
    processing_unit: Unit | None = None,
    name: str = "Trần Thị Không Tài Khoản",
) -> Dossier:
    """A dossier submitted five minutes before `when` and received at `when`."""
    submitted = when - datetime.timedelta(minutes=5)
    if channel == Channel.ONLINE:
        dossier = services.submit_online(
            version=world.version,
            receiving_unit=world.centre,
            applicant=world.citizen,
            details=details(world.citizen),
            form_data={"ho_ten": world.citizen.full_name},
            idempotency_key=f"scenario-{next(_keys)}",
            now=submitted,
        )
    else:
        person = ApplicantDetails(name=name, phone="0987654321", address="Số 1, phường Trường Vinh")
        dossier = services.enter_at_desk(
            officer=world.officer,
            version=world.version,
            receiving_unit=world.centre,
            details=person,
            form_data={"ho_ten": name},
            channel=channel,
            now=submitted,
        )
    perform(dossier, Action.RECEIVE, world.officer, now=when, processing_unit=processing_unit)
    return dossier


def in_review(
    world: Province,
    dossier: Dossier,
    division: Division | None = None,
) -> Dossier:
    """Transferred and assigned ten and twenty minutes after receipt."""
    assert dossier.received_at is not None
    start = dossier.received_at
    leader = division.leader if division else world.leader
    specialist = division.specialist if division else world.specialist
    perform(dossier, Action.TRANSFER, world.officer, now=start + datetime.timedelta(minutes=10))
    perform(
        dossier,
        Action.ASSIGN,
        leader,
        now=start + datetime.timedelta(minutes=20),
        specialist=specialist,
    )
    return dossier


def supplement(
    world: Province, dossier: Dossier, asked: datetime.datetime, supplied: datetime.datetime | None
) -> None:
    perform(
        dossier,
        Action.REQUEST_SUPPLEMENT,
        world.specialist,
        now=asked,
        items=["Bản sao giấy khai sinh"],
    )
    if supplied is not None:
        perform(dossier, Action.SUPPLY_SUPPLEMENT, world.officer, now=supplied)


def resolve(
    world: Province,
    dossier: Dossier,
    finished: datetime.datetime,
    division: Division | None = None,
    *,
    reject: bool = False,
) -> None:
    """The specialist proposes two hours before `finished`, the leader decides; processing
    ends at `finished` (the result issued, or the rejection)."""
    leader = division.leader if division else world.leader
    specialist = division.specialist if division else world.specialist
    clerk = division.clerk if division else world.clerk
    proposal = "reject" if reject else "approve"
    perform(dossier, Action.PROPOSE, specialist, now=finished - 2 * HOUR, proposal=proposal)
    if reject:
        perform(dossier, Action.REJECT, leader, now=finished, reason="Không đủ điều kiện")
        return
    perform(dossier, Action.APPROVE, leader, now=finished - HOUR)
    perform(dossier, Action.ISSUE_RESULT, clerk, now=finished, result_reference="12/GP")


def return_at_desk(world: Province, dossier: Dossier, when: datetime.datetime) -> None:
    perform(
        dossier,
        Action.RETURN_RESULT,
        world.officer,
        now=when,
        channel=Channel.DESK,
        receiver_name="Trần Thị Không Tài Khoản",
    )


MONDAY = at(2026, 3, 2, 8, 0)


def march(world: Province, division: Division) -> dict[str, Dossier]:
    """The dossiers of March 2026 named by letter (see test_statistics for their counts)."""
    d: dict[str, Dossier] = {}
    # A: desk, resolved early on 4 March, returned at the desk on 5 March.
    d["A"] = in_review(world, received(world, MONDAY, name="Nguyễn Văn A"))
    resolve(world, d["A"], at(2026, 3, 4, 10))
    return_at_desk(world, d["A"], at(2026, 3, 5, 9))
    # B: online, resolved at the appointment's very minute: on time.
    d["B"] = in_review(world, received(world, MONDAY, Channel.ONLINE))
    resolve(world, d["B"], at(2026, 3, 9, 17))
    # C: post, resolved on 12 March: late.
    d["C"] = in_review(world, received(world, MONDAY, Channel.POST, name="Lê Văn C"))
    resolve(world, d["C"], at(2026, 3, 12, 10))
    # E: two supplements of a working day each move the appointment to 11 March 17:00;
    # resolved on 10 March, before it, yet late: more than one supplement request.
    d["E"] = in_review(world, received(world, MONDAY, name="Phạm Thị E"))
    supplement(world, d["E"], at(2026, 3, 3, 8), at(2026, 3, 4, 8))
    supplement(world, d["E"], at(2026, 3, 5, 8), at(2026, 3, 6, 8))
    resolve(world, d["E"], at(2026, 3, 10, 10))
    # F: one supplement moves the appointment to 10 March 17:00; resolved on 10 March at
    # 09:00, after the first appointment: early, the supplement's day is not counted.
    d["F"] = in_review(world, received(world, MONDAY, name="Hoàng Văn F"))
    supplement(world, d["F"], at(2026, 3, 3, 8), at(2026, 3, 4, 8))
    resolve(world, d["F"], at(2026, 3, 10, 9))
    # G: apology on 6 March with a new appointment on 13 March; resolved on 11 March,
    # after the appointment it apologised for: late.
    d["G"] = in_review(world, received(world, MONDAY, name="Vũ Thị G"))
    perform(
        d["G"],
        Action.APOLOGISE,
        world.leader,
        now=at(2026, 3, 6, 9),
        unit_at_fault=world.department,
        reason="Chờ xác minh",
        new_due_at=at(2026, 3, 13, 17),
    )
    resolve(world, d["G"], at(2026, 3, 11, 10))
    # H: rejected on the merits on 5 March and returned at the desk: returned.
    d["H"] = in_review(world, received(world, MONDAY, name="Đỗ Văn H"))
    resolve(world, d["H"], at(2026, 3, 5, 10), reject=True)
    return_at_desk(world, d["H"], at(2026, 3, 6, 9))
    # I: online, the applicant asks to withdraw, the leader stops it: withdrawn.
    d["I"] = in_review(world, received(world, MONDAY, Channel.ONLINE))
    perform(d["I"], Action.REQUEST_WITHDRAWAL, world.citizen, now=at(2026, 3, 3, 9))
    perform(d["I"], Action.STOP, world.leader, now=at(2026, 3, 3, 10), reason="Công dân rút")
    # J: stopped by the leader: stopped.
    d["J"] = in_review(world, received(world, MONDAY, name="Bùi Thị J"))
    perform(d["J"], Action.STOP, world.leader, now=at(2026, 3, 4, 10), reason="Quyết định dừng")
    # K: still in review at the end of March, due on 9 March: in progress overdue.
    d["K"] = in_review(world, received(world, MONDAY, name="Ngô Văn K"))
    # L: post, received on 30 March, due on 6 April: in progress on time.
    d["L"] = received(world, at(2026, 3, 30, 8), Channel.POST, name="Dương Thị L")
    # M: received on 24 February (due 3 March), resolved on 5 March: carried over, late.
    d["M"] = in_review(world, received(world, at(2026, 2, 24, 8), name="Lý Văn M"))
    resolve(world, d["M"], at(2026, 3, 5, 10))
    # N: received and resolved in February: not counted in March.
    d["N"] = in_review(world, received(world, at(2026, 2, 24, 8), name="Mai Thị N"))
    resolve(world, d["N"], at(2026, 2, 26, 10))
    # O: received on 1 April: not counted in March.
    d["O"] = received(world, at(2026, 4, 1, 8), name="Trịnh Văn O")
    # P: waiting since 5 March for a supplement never supplied: judged on 5 March, before
    # its appointment: in progress on time.
    d["P"] = in_review(world, received(world, MONDAY, name="Cao Thị P"))
    supplement(world, d["P"], at(2026, 3, 5, 8), None)
    # Q: online, processed by the division under the department, resolved early.
    d["Q"] = in_review(
        world, received(world, MONDAY, Channel.ONLINE, processing_unit=division.unit), division
    )
    resolve(world, d["Q"], at(2026, 3, 6, 10), division)
    # R: received on 30 March for the police (outside the department): in progress on time.
    d["R"] = received(world, at(2026, 3, 30, 9), processing_unit=world.police, name="Tạ Văn R")
    # S: online, received on 26 February (due 5 March), still open: carried over, overdue.
    d["S"] = in_review(world, received(world, at(2026, 2, 26, 8), Channel.ONLINE))
    return d
