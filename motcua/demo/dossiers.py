"""Demo dossiers: a year of work at the demo province's one-stop desks.

`build` gives the demo province `MOTCUA_DEMO_DOSSIERS` dossiers (2,000 by default) spread
over the twelve months before the run, in every state, through every channel (desk,
online, post) and along every path of the lifecycle: straight through, a supplement at the
desk or during processing, refusal, liên thông with two agencies (in parallel and in
sequence), late with an apology, rejection, a fee paid at the desk, withdrawal, stop, and
return at the desk, by post or online. Nothing is written directly: dossiers are made by
`motcua.dossiers.services` and moved by `lifecycle.perform`, at historical moments, by the
demo accounts of `motcua.demo.people` (reception officers, specialists, leaders, the
consulted agencies' specialists) and, for their own dossiers, the demo citizens.

Which dossier takes which path, through which channel, for whom and how far is decided by a
seeded random generator, so the mix is the same on every run; the dates are relative to the
moment of the run. A first group of dossiers (`_showcase`) makes sure that every state and
channel is there whatever the count, and gives the demo citizens dossiers to follow on the
portal. The actions of all dossiers are replayed in the order of their moments, so that
codes and register numbers follow the days. The build is recorded by an audit event; a
second run finds it and adds nothing.
"""

import datetime
import heapq
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, BasePasswordHasher, get_hasher
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import Organisation, User, UserKind
from motcua.agencies.models import COMMUNE_LEVEL_KINDS, Unit, UnitKind
from motcua.agencies.queries import units_by_qcvn_code
from motcua.catalog.models import ProcedureVersion, UnitScope, VersionStatus
from motcua.core import audit
from motcua.core.models import AuditEvent
from motcua.demo import people
from motcua.dossiers import hooks, numbering, services, timing
from motcua.dossiers.effects import ConsultationRequest, default_consultations
from motcua.dossiers.lifecycle import Action, perform
from motcua.dossiers.models import Dossier, FilePurpose
from motcua.dossiers.services import ApplicantDetails
from motcua.dossiers.states import State
from motcua.worktime.engine import VN_TZ, WorkCalendar
from motcua.worktime.limits import Channel
from motcua.worktime.queries import get_calendar

DEFAULT_COUNT = 2000
SEED = 20250701
# The audit event that records a finished build (and makes a second run add nothing).
BUILT = "demo.dossiers_built"
# Procedures whose dossiers the provincial desk receives for Sở Tư pháp (criminal records,
# with the police consulted).
JUSTICE_PROCEDURES = ("2.001417.000.00.00.H41", "2.001401.000.00.00.H41")
# Commune procedures done together with the police and social insurance (liên thông).
JOINT_PROCEDURES = ("1.011442", "1.011443")
DEMO_CITIZENS = 40  # applicants with accounts besides the two demo citizens
HOUR = 60
DAY = 8 * HOUR  # a working day, in working minutes


def dossier_count() -> int:
    return int(getattr(settings, "MOTCUA_DEMO_DOSSIERS", DEFAULT_COUNT))


class _LightArgon2(Argon2PasswordHasher):
    """Argon2 with light parameters, for the lookup secrets of historical demo dossiers
    that nobody keeps; the standard Argon2 hasher verifies its hashes."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


def _lookup_hasher() -> BasePasswordHasher:
    default = get_hasher("default")
    return _LightArgon2() if isinstance(default, Argon2PasswordHasher) else default


# --- Who works where -------------------------------------------------------------------


@dataclass
class Office:
    """A receiving unit, its procedures, and the demo accounts that work its dossiers."""

    name: str
    receiving: Unit
    officer: User
    leader: User
    specialist: User
    calendar: WorkCalendar
    versions: list[ProcedureVersion]
    # The unit the officer transfers to (a division of the competent department); None:
    # the unit the procedure names (or the receiving commune itself).
    transfer_to: Unit | None = None
    # Staff of that department, who send back a dossier transferred to it instead of its
    # division (a leader or the clerk).
    department_staff: tuple[User, ...] = ()


@dataclass
class Person:
    name: str
    phone: str
    cccd: str
    birth: datetime.date
    address: dict[str, str]
    email: str = ""
    account: User | None = None

    @property
    def details(self) -> ApplicantDetails:
        return ApplicantDetails(
            name=self.name,
            phone=self.phone,
            email=self.email,
            address=self.address["text"],
            cccd=self.cccd,
        )


FAMILY_NAMES = (
    "Nguyễn Nguyễn Nguyễn Trần Trần Lê Lê Phạm Hoàng Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý "
    "Hồ Thái Cao Đinh Lương Trịnh"
).split()
MIDDLE_NAMES = {
    "male": "Văn Văn Đức Hữu Minh Quang Công Xuân Đình Thanh".split(),
    "female": "Thị Thị Thị Ngọc Thu Thanh Minh Hồng Kim Phương".split(),
}
GIVEN_NAMES = {
    "male": "An Bình Cường Dũng Đạt Hải Hiếu Hoàng Hùng Khánh Long Nam Phong Quân Sơn Tâm "
    "Thắng Toàn Trung Tuấn Việt Vinh".split(),
    "female": "Anh Chi Dung Giang Hà Hằng Hoa Hương Lan Linh Loan Mai Nga Nhung Oanh Phương "
    "Quỳnh Thảo Trang Tuyết Vân Yến".split(),
}
STREETS = (
    "Lê Lợi",
    "Trần Phú",
    "Quang Trung",
    "Nguyễn Du",
    "Lê Hồng Phong",
    "Phan Đình Phùng",
    "Nguyễn Thị Minh Khai",
    "Trường Thi",
    "Hồ Tùng Mậu",
    "Lê Duẩn",
    "Mai Hắc Đế",
    "Hà Huy Tập",
)


class People:
    """Applicants: the demo citizens, demo accounts for online applicants, and people
    without an account who come to the desk or post their papers."""

    def __init__(self, rng: random.Random, communes: list[Unit], province: Unit) -> None:
        self.rng = rng
        self.communes = communes
        self.province = province
        self.phones: set[str] = set()

    def address(self, commune: Unit | None = None) -> dict[str, str]:
        commune = commune or self.rng.choice(self.communes)
        detail = f"Số {self.rng.randint(1, 180)}, đường {self.rng.choice(STREETS)}"
        province_name = "Tỉnh Nghệ An"
        return {
            "province_code": self.province.admin_code,
            "province": province_name,
            "commune_code": commune.admin_code,
            "commune": commune.name,
            "detail": detail,
            "text": f"{detail}, {commune.name}, {province_name}",
        }

    def stranger(self) -> Person:
        rng = self.rng
        sex = rng.choice(("male", "female"))
        name = " ".join(
            (
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES[sex]),
                rng.choice(GIVEN_NAMES[sex]),
            )
        )
        birth = datetime.date(rng.randint(1950, 2004), rng.randint(1, 12), rng.randint(1, 28))
        century = 0 if birth.year < 2000 else 2
        cccd = f"040{century + (sex == 'female')}{birth.year % 100:02d}{rng.randint(0, 999999):06d}"
        phone = self._phone()
        return Person(name, phone, cccd, birth, self.address())

    def _phone(self) -> str:
        while True:
            phone = f"0{self.rng.choice('389')}{self.rng.randint(0, 99_999_999):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def demo_citizen(self, user: User) -> Person:
        commune = next((unit for unit in self.communes if unit.name in user.address), None)
        address = self.address(commune)
        return Person(
            user.full_name,
            user.phone,
            user.cccd,
            user.date_of_birth or datetime.date(1990, 1, 1),
            address,
            user.email,
            user,
        )

    def with_accounts(self, count: int) -> list[Person]:
        """Online applicants: citizens with accounts that only the demo uses (no password,
        so nobody signs in as them)."""
        persons = []
        for number in range(1, count + 1):
            person = self.stranger()
            username = f"demo-citizen-{number:03d}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    kind=UserKind.CITIZEN,
                    full_name=person.name,
                    phone=person.phone,
                    cccd=person.cccd,
                    date_of_birth=person.birth,
                    address=person.address["text"],
                )
                user.set_unusable_password()
                user.save()
                audit.record("accounts.user.created", user, data={"source": "seed_demo"})
            person.account = user
            persons.append(person)
        return persons


# --- Form data and result files ---------------------------------------------------------


def _text_for(key: str, label: str, person: Person) -> str | None:
    lowered = label.lower()
    if "ho_ten" in key or "họ, chữ đệm và tên" in lowered or "họ và tên" in lowered:
        return person.name
    if "dien_thoai" in key:
        return person.phone
    if "thu_dien_tu" in key or "email" in key:
        return person.email or None
    if "quoc_tich" in key:
        return "Việt Nam"
    if "dan_toc" in key:
        return "Kinh"
    return None


def form_data(schema: list[dict[str, Any]], person: Person, rng: random.Random) -> dict[str, Any]:
    """The procedure's e-form filled for `person` (stored format of motcua.dossiers.eform)."""

    def value(spec: dict[str, Any]) -> Any:
        kind, key, required = spec["type"], spec["key"], bool(spec.get("required"))
        if kind == "group":
            row = {}
            for child in spec["fields"]:
                child_value = value(child)
                if child_value not in (None, "", {}, []):
                    row[child["key"]] = child_value
            return [row] if spec.get("repeated") else row
        if kind == "cccd":
            return person.cccd
        if kind == "address":
            return dict(person.address)
        if kind == "date":
            if "sinh" in key:
                return person.birth.isoformat()
            return (datetime.date(2025, 1, 1) + datetime.timedelta(rng.randint(0, 600))).isoformat()
        if kind == "number":
            return rng.randint(1, 3)
        if kind == "choice":
            return rng.choice(spec["choices"])
        text = _text_for(key, spec.get("label", ""), person)
        if text is None and required:
            text = "Theo giấy tờ kèm theo"
        return text

    return value({"type": "group", "key": "", "fields": schema})


def result_pdf(title: str, code: str) -> bytes:
    """A one-page PDF standing in for a signed result document."""
    lines = [title, f"Ho so {code}", "Du lieu minh hoa - khong co gia tri phap ly"]
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


# --- Plans and paths ----------------------------------------------------------------------


class Path:
    """The paths a dossier can take (each a generator in `Run`)."""

    STRAIGHT = "straight"
    SUPPLEMENT_AT_DESK = "supplement_at_desk"
    SUPPLEMENT_IN_PROCESS = "supplement_in_process"
    REFUSAL = "refusal"
    JOINT_PARALLEL = "joint_parallel"
    JOINT_SEQUENCE = "joint_sequence"
    LATE_WITH_APOLOGY = "late_with_apology"
    LATE = "late"
    REJECTION = "rejection"
    PAYMENT = "payment"
    SEND_BACK = "send_back"
    WITHDRAWAL = "withdrawal"
    WITHDRAWAL_REFUSED = "withdrawal_refused"
    WITHDRAWN_BEFORE_RECEIPT = "withdrawn_before_receipt"
    CANCELLED = "cancelled"
    STOP = "stop"
    DRAFT = "draft"


# (path, weight) for the dossiers after the showcase.
WEIGHTS = (
    (Path.STRAIGHT, 52),
    (Path.SUPPLEMENT_AT_DESK, 8),
    (Path.SUPPLEMENT_IN_PROCESS, 7),
    (Path.REFUSAL, 4),
    (Path.JOINT_PARALLEL, 5),
    (Path.JOINT_SEQUENCE, 2),
    (Path.LATE_WITH_APOLOGY, 4),
    (Path.LATE, 3),
    (Path.REJECTION, 3),
    (Path.PAYMENT, 4),
    (Path.SEND_BACK, 2),
    (Path.WITHDRAWAL, 2),
    (Path.WITHDRAWAL_REFUSED, 1),
    (Path.WITHDRAWN_BEFORE_RECEIPT, 1),
    (Path.CANCELLED, 1),
    (Path.STOP, 1),
    (Path.DRAFT, 1),
)
# Paths that need an applicant with an account (the applicant acts).
ACCOUNT_PATHS = {Path.WITHDRAWN_BEFORE_RECEIPT, Path.DRAFT}
# States a recent dossier of each path may still be in when the run ends.
OPEN_STATES_OF = {
    Path.STRAIGHT: (
        State.SUBMITTED,
        State.RECEIVED,
        State.TRANSFERRED,
        State.IN_REVIEW,
        State.AWAITING_DECISION,
        State.APPROVED,
        State.RESULT_READY,
    ),
    Path.SUPPLEMENT_AT_DESK: (State.SUPPLEMENT_AT_INTAKE,),
    Path.SUPPLEMENT_IN_PROCESS: (State.SUPPLEMENT_IN_PROCESS, State.IN_REVIEW),
    Path.JOINT_PARALLEL: (State.CONSULTING,),
    Path.JOINT_SEQUENCE: (State.CONSULTING,),
    Path.PAYMENT: (State.AWAITING_PAYMENT,),
    Path.REJECTION: (State.REJECTED, State.AWAITING_DECISION),
    Path.WITHDRAWAL: (State.WITHDRAWAL_REQUESTED,),
}


@dataclass
class Plan:
    number: int
    office: Office
    version: ProcedureVersion
    channel: Channel
    return_channel: Channel
    person: Person
    path: str
    start: datetime.datetime
    # Stop when the dossier first reaches this state (a dossier still open at the run).
    until: State | None = None
    organisation: Organisation | None = None


@dataclass
class World:
    rng: random.Random
    now: datetime.datetime
    offices: dict[str, Office]
    consulted: dict[int, User]  # unit id -> the specialist who answers for it
    people: People
    citizens: list[Person]  # the two demo citizens
    applicants: list[Person]  # online applicants with accounts
    organisation: Organisation
    joint_versions: list[ProcedureVersion]
    seed: int = SEED
    counts: Counter[str] = field(default_factory=Counter)


class Run:
    """One dossier played through its path: a generator performs one action each time it
    is resumed, at the moment `self.now`, and yields when its next action comes (working
    minutes later, or a moment)."""

    def __init__(self, world: World, plan: Plan) -> None:
        self.world = world
        self.plan = plan
        self.office = plan.office
        self.rng = random.Random(world.seed * 100_003 + plan.number)
        self.now = plan.start
        self.dossier: Dossier | None = None
        self.steps = self._script()

    # The actors.
    @property
    def officer(self) -> User:
        return self.office.officer

    @property
    def leader(self) -> User:
        return self.office.leader

    @property
    def specialist(self) -> User:
        return self.office.specialist

    @property
    def applicant(self) -> User | None:
        return self.plan.person.account

    def do(self, action: Action, actor: Any, **params: Any) -> None:
        assert self.dossier is not None
        perform(self.dossier, action, actor, now=self.now, **params)

    def minutes(self, low: float, high: float) -> int:
        return max(1, int(self.rng.uniform(low, high)))

    def share(self, low: float, high: float) -> int:
        """A share of the dossier's whole time limit, in working minutes."""
        dossier = self.dossier
        assert dossier is not None and dossier.clock_started_at and dossier.original_due_at
        total = self.office.calendar.working_minutes(
            dossier.clock_started_at, dossier.original_due_at
        )
        return max(5, int(total * self.rng.uniform(low, high)))

    # The script.
    def _script(self) -> Generator[int | datetime.datetime, None, None]:
        path = self.plan.path
        self._create()
        if path == Path.DRAFT:
            return
        yield from self._intake()
        if self.dossier is None or self.dossier.state != State.RECEIVED:
            return
        yield from self._process()

    def _create(self) -> None:
        plan = self.plan
        person = plan.person
        common: dict[str, Any] = {
            "version": plan.version,
            "receiving_unit": self.office.receiving,
            "details": person.details,
            "form_data": form_data(plan.version.form_schema or [], person, self.rng),
            "organisation": plan.organisation,
            "now": self.now,
        }
        if plan.path == Path.DRAFT:
            assert person.account is not None
            self.dossier = services.save_draft(applicant=person.account, **common)
        elif plan.channel == Channel.ONLINE:
            assert person.account is not None
            self.dossier = services.submit_online(
                applicant=person.account,
                idempotency_key=f"demo-{self.world.seed}-{plan.number:05d}",
                return_channel=plan.return_channel,
                **common,
            )
        else:
            post = plan.channel == Channel.POST
            self.dossier = services.enter_at_desk(
                officer=self.officer,
                channel=plan.channel,
                applicant=person.account,
                submitter_name="Bưu điện tỉnh Nghệ An (chuyển phát)" if post else "",
                return_channel=plan.return_channel,
                **common,
            )

    def _intake(self) -> Iterator[int | datetime.datetime]:
        path = self.plan.path
        online = self.plan.channel == Channel.ONLINE
        # The check: at once at the desk, within hours for online and postal dossiers.
        yield (
            self.minutes(3, 15)
            if not online and self.plan.channel == Channel.DESK
            else (self.minutes(20, 6 * HOUR))
        )
        if path == Path.WITHDRAWN_BEFORE_RECEIPT:
            self.do(Action.WITHDRAW, self.applicant, reason="Đã nộp nhầm thủ tục")
            return
        if path == Path.CANCELLED:
            self.do(Action.CANCEL, self.officer, reason="Hồ sơ nộp trùng với hồ sơ đã tiếp nhận")
            return
        if path == Path.REFUSAL:
            reason = self.rng.choice(
                (
                    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan",
                    "Người nộp không phải là người có quyền yêu cầu theo quy định",
                    "Yêu cầu đã được giải quyết bằng văn bản có hiệu lực",
                )
            )
            self.do(Action.REFUSE, self.officer, reasons=[reason], legal_basis="NĐ 118/2025/NĐ-CP")
            return
        if path == Path.SUPPLEMENT_AT_DESK:
            self.do(
                Action.REQUEST_SUPPLEMENT,
                self.officer,
                items=self._missing_items(),
                reason="Hồ sơ chưa đầy đủ thành phần theo quy định",
            )
            yield self.minutes(1 * DAY, 6 * DAY)
            supplier = self.applicant if online else self.officer
            self.do(Action.SUPPLY_SUPPLEMENT, supplier)
            yield self.minutes(5, 3 * HOUR)
        self.do(Action.RECEIVE, self.officer)

    def _missing_items(self) -> list[str]:
        names = list(self.plan.version.components.values_list("name", flat=True)[:4])
        if not names:
            return ["Bản sao giấy tờ tùy thân của người nộp hồ sơ"]
        chosen = self.rng.sample(names, k=min(len(names), self.rng.randint(1, 2)))
        return [f"Bổ sung: {name[:200]}" for name in chosen]

    def _process(self) -> Iterator[int | datetime.datetime]:
        path = self.plan.path
        dossier = self.dossier
        assert dossier is not None
        yield self.share(0.005, 0.04)
        transfer_to = self.office.transfer_to
        if path == Path.SEND_BACK and transfer_to is not None and self.office.department_staff:
            # Sent to the department itself: its leader or clerk sends it back to the desk,
            # which transfers it to the division.
            self.do(Action.TRANSFER, self.officer)
            yield self.share(0.01, 0.04)
            staff = self.office.department_staff
            self.do(
                Action.SEND_BACK,
                staff[self.plan.number % len(staff)],
                reason="Hồ sơ do Phòng Hành chính tư pháp giải quyết, đề nghị chuyển đúng phòng",
            )
            yield self.share(0.005, 0.02)
        self.do(Action.TRANSFER, self.officer, **({"to_unit": transfer_to} if transfer_to else {}))
        yield self.share(0.01, 0.06)
        self.do(Action.ASSIGN, self.leader, specialist=self.specialist)
        if path == Path.SEND_BACK and not self.office.department_staff:
            yield self.share(0.02, 0.05)
            self.do(
                Action.SEND_BACK,
                self.specialist,
                reason="Đề nghị phân công lại: hồ sơ thuộc lĩnh vực khác",
            )
            yield self.share(0.01, 0.03)
            self.do(Action.ASSIGN, self.leader, specialist=self.specialist)
        if path == Path.WITHDRAWAL or path == Path.WITHDRAWAL_REFUSED:
            yield self.share(0.05, 0.2)
            asker = self.applicant or self.officer
            self.do(Action.REQUEST_WITHDRAWAL, asker, reason="Gia đình thay đổi kế hoạch")
            yield self.share(0.02, 0.1)
            if path == Path.WITHDRAWAL:
                self.do(
                    Action.STOP,
                    self.leader,
                    reason="Người nộp hồ sơ đề nghị rút hồ sơ",
                    fee_handling="Không hoàn trả lệ phí đã nộp",
                )
                return
            self.do(
                Action.REFUSE_WITHDRAWAL,
                self.leader,
                reason="Kết quả đã được ký, đề nghị công dân nhận kết quả",
            )
        if path in (Path.JOINT_PARALLEL, Path.JOINT_SEQUENCE):
            yield from self._consult(in_sequence=path == Path.JOINT_SEQUENCE)
        if path in (Path.SUPPLEMENT_IN_PROCESS, Path.STOP):
            yield self.share(0.1, 0.3)
            self.do(
                Action.REQUEST_SUPPLEMENT,
                self.specialist,
                items=self._missing_items(),
                reason="Cần bổ sung giấy tờ để xác minh",
            )
            if path == Path.STOP:
                yield self.minutes(8 * DAY, 15 * DAY)
                self.do(
                    Action.STOP,
                    self.leader,
                    reason="Quá thời hạn bổ sung mà người nộp không bổ sung hồ sơ",
                )
                return
            yield self.minutes(1 * DAY, 5 * DAY)
            supplier = self.applicant if self.plan.channel == Channel.ONLINE else self.officer
            self.do(Action.SUPPLY_SUPPLEMENT, supplier)
        if path == Path.PAYMENT:
            yield self.share(0.05, 0.2)
            fee = self.plan.version.fees.order_by("order").first()
            amount = fee.amount_vnd if fee is not None and fee.amount_vnd else 50_000
            self.do(
                Action.REQUEST_PAYMENT,
                self.specialist,
                amount_vnd=amount,
                items=["Lệ phí giải quyết thủ tục hành chính"],
            )
            yield self.share(0.03, 0.12)
            self.do(Action.RECORD_PAYMENT, self.officer, receipt_number=f"BL{self.plan.number:06d}")
        yield from self._decide()

    def _consult(self, in_sequence: bool) -> Iterator[int | datetime.datetime]:
        dossier = self.dossier
        assert dossier is not None
        yield self.share(0.05, 0.15)
        requests = [
            request
            for request in default_consultations(dossier)
            if request.unit.pk in self.world.consulted
        ]
        if not requests:
            return
        self.do(
            Action.CONSULT,
            self.specialist,
            agencies=requests,
            in_sequence=in_sequence,
            note="Đề nghị phối hợp giải quyết theo quy trình liên thông",
        )
        order = list(requests) if in_sequence else self.rng.sample(requests, k=len(requests))
        # In sequence each agency takes its time after the one before; in parallel they all
        # start at once and answer within their share.
        delays = [self.share(0.06, 0.15) for _request in order]
        if not in_sequence:
            moments = sorted(delays)
            delays = [
                later - earlier for earlier, later in zip([0, *moments[:-1]], moments, strict=True)
            ]
        for request, delay in zip(order, delays, strict=True):
            yield max(1, delay)
            self.do(
                Action.ANSWER_CONSULTATION,
                self.world.consulted[request.unit.pk],
                opinion=self._opinion(request),
            )

    @staticmethod
    def _opinion(request: ConsultationRequest) -> str:
        if request.unit.qcvn_code == people.POLICE:
            return "Đã xác minh thông tin cư trú và án tích: đúng như hồ sơ"
        if request.unit.qcvn_code == people.SOCIAL_INSURANCE:
            return "Đã cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi"
        return "Thống nhất với nội dung hồ sơ"

    def _decide(self) -> Iterator[int | datetime.datetime]:
        path = self.plan.path
        dossier = self.dossier
        assert dossier is not None
        if path == Path.LATE_WITH_APOLOGY:
            # The leader sees the review will not end in time and apologises the day before.
            dossier.refresh_from_db()
            assert dossier.due_at is not None
            yield max(self.now, dossier.due_at - datetime.timedelta(hours=20))
            dossier.refresh_from_db()
            assert dossier.due_at is not None
            new_due = self.office.calendar.add_working_minutes(
                dossier.due_at, self.rng.randint(2, 5) * DAY
            )
            self.do(
                Action.APOLOGISE,
                self.leader,
                unit_at_fault=dossier.holding_unit,
                reason="Cần thêm thời gian xác minh thông tin với cơ quan liên quan",
                new_due_at=new_due,
            )
            yield self.minutes(DAY, 2 * DAY)
        elif path == Path.LATE:
            dossier.refresh_from_db()
            assert dossier.due_at is not None
            yield self.office.calendar.add_working_minutes(
                dossier.due_at, self.minutes(HOUR, 3 * DAY)
            )
        else:
            yield self.share(0.1, 0.35)
        proposal = "reject" if path == Path.REJECTION else "approve"
        self.do(Action.PROPOSE, self.specialist, proposal=proposal)
        yield self.share(0.02, 0.08)
        if proposal == "reject":
            self.do(
                Action.REJECT,
                self.leader,
                reason="Không đủ điều kiện theo quy định; trả lời bằng văn bản nêu rõ lý do",
            )
        else:
            self.do(Action.APPROVE, self.leader)
            yield self.share(0.01, 0.05)
            reference = f"{self.plan.number:04d}/{self.now.year}/KQ"
            if self.plan.return_channel == Channel.ONLINE:
                services.add_file(
                    dossier,
                    SimpleUploadedFile(
                        "ket-qua.pdf",
                        result_pdf("Ket qua giai quyet thu tuc hanh chinh", dossier.code or ""),
                    ),
                    actor=self.leader,
                    purpose=FilePurpose.RESULT,
                )
            self.do(Action.ISSUE_RESULT, self.leader, result_reference=reference)
        yield from self._give_back()

    def _give_back(self) -> Iterator[int | datetime.datetime]:
        channel = self.plan.return_channel
        yield self.minutes(10, 3 * DAY) if channel == Channel.DESK else self.minutes(5, 2 * HOUR)
        if channel == Channel.DESK:
            self.do(
                Action.RETURN_RESULT,
                self.officer,
                channel=Channel.DESK,
                receiver_name=self.plan.person.name,
            )
        elif channel == Channel.POST:
            self.do(
                Action.RETURN_RESULT,
                self.officer,
                channel=Channel.POST,
                postal_tracking_number=f"EP{self.plan.number:09d}VN",
            )
        else:
            self.do(Action.RETURN_RESULT, self.officer, channel=Channel.ONLINE)


# --- Building the world -----------------------------------------------------------------


def _users(usernames: list[str]) -> dict[str, User]:
    return {user.username: user for user in User.objects.filter(username__in=usernames)}


def _versions(codes: tuple[str, ...] | None, day: datetime.date) -> list[ProcedureVersion]:
    versions = (
        ProcedureVersion.objects.current(on=day)
        .filter(status=VersionStatus.IN_FORCE)
        .select_related("procedure")
        .prefetch_related("unit_roles", "process_steps")
        .order_by("procedure__code", "pk")
    )
    if codes is None:
        versions = versions.filter(unit_scope=UnitScope.EVERY_COMMUNE)
    else:
        versions = versions.filter(procedure__code__in=codes)
    return list(versions)


def _world(seed: int, now: datetime.datetime) -> World:
    rng = random.Random(seed)
    units = units_by_qcvn_code(
        [
            people.WARD,
            people.PROVINCIAL_DESK,
            people.JUSTICE_DIVISION,
            people.POLICE,
            people.SOCIAL_INSURANCE,
        ]
    )
    users = _users(
        [
            "tiepnhan.truongvinh",
            "chutich.truongvinh",
            "chuyenvien.truongvinh",
            "tiepnhan.tinh",
            "truongphong.stp",
            "chuyenvien.stp",
            "giamdoc.stp",
            "vanthu.stp",
            "chuyenvien.congan",
            "chuyenvien.bhxh",
            *(citizen.phone for citizen in people.CITIZENS),
        ]
    )
    today = timezone.localdate(now)
    commune_versions = _versions(None, today)
    ward = units[people.WARD]
    offices = {
        "ward": Office(
            ward.name,
            ward,
            users["tiepnhan.truongvinh"],
            users["chutich.truongvinh"],
            users["chuyenvien.truongvinh"],
            get_calendar(ward.qcvn_code),
            [v for v in commune_versions if v.procedure.code not in JOINT_PROCEDURES],
        ),
        "justice": Office(
            units[people.PROVINCIAL_DESK].name,
            units[people.PROVINCIAL_DESK],
            users["tiepnhan.tinh"],
            users["truongphong.stp"],
            users["chuyenvien.stp"],
            get_calendar(people.PROVINCIAL_DESK),
            _versions(JUSTICE_PROCEDURES, today),
            transfer_to=units[people.JUSTICE_DIVISION],
            department_staff=(users["giamdoc.stp"], users["vanthu.stp"]),
        ),
    }
    province = Unit.objects.current().get(kind=UnitKind.PROVINCE_COMMITTEE, parent=None)
    communes = list(
        Unit.objects.current()
        .filter(kind__in=COMMUNE_LEVEL_KINDS)
        .exclude(admin_code="")
        .order_by("admin_code")
    )
    crowd = People(rng, communes, province)
    citizens = [crowd.demo_citizen(users[citizen.phone]) for citizen in people.CITIZENS]
    return World(
        rng=rng,
        now=now,
        offices=offices,
        consulted={
            units[people.POLICE].pk: users["chuyenvien.congan"],
            units[people.SOCIAL_INSURANCE].pk: users["chuyenvien.bhxh"],
        },
        people=crowd,
        citizens=citizens,
        applicants=crowd.with_accounts(DEMO_CITIZENS),
        organisation=Organisation.objects.get(tax_code=people.ORGANISATION["tax_code"]),
        joint_versions=[v for v in commune_versions if v.procedure.code in JOINT_PROCEDURES],
        seed=seed,
    )


def _channels(version: ProcedureVersion) -> list[Channel]:
    channels = [Channel.DESK] if version.at_desk else []
    if version.accepts_online_submission:
        channels.append(Channel.ONLINE)
    if version.by_post:
        channels.append(Channel.POST)
    return channels or [Channel.DESK]


class Planner:
    """Decides every dossier's office, procedure, channel, applicant, path and start."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.rng = world.rng
        self.number = itertools.count(1)

    def moment(self, working_days_ago: float, office: Office, online: bool) -> datetime.datetime:
        """A moment about `working_days_ago` working days before the run: in office hours
        for the desk, at any hour of the day for online submissions."""
        now = self.world.now
        calendar = office.calendar
        day = timezone.localdate(now) - datetime.timedelta(days=int(working_days_ago * 7 / 5))
        if online:
            start = datetime.datetime.combine(day, datetime.time(6), tzinfo=VN_TZ)
            moment = start + datetime.timedelta(minutes=self.rng.randint(0, 16 * 60))
        else:
            midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=VN_TZ)
            moment = calendar.add_working_minutes(midnight, self.rng.randint(0, DAY - 30))
        return min(moment, now - datetime.timedelta(hours=1))

    def plan(
        self,
        path: str,
        *,
        office: str = "",
        channel: Channel | None = None,
        return_channel: Channel | None = None,
        person: Person | None = None,
        days_ago: float | None = None,
        until: State | None = None,
        version: ProcedureVersion | None = None,
        organisation: Organisation | None = None,
    ) -> Plan:
        world, rng = self.world, self.rng
        joint = path in (Path.JOINT_PARALLEL, Path.JOINT_SEQUENCE)
        if not office:
            office = "justice" if (not joint and rng.random() < 0.3) else "ward"
        chosen = world.offices[office]
        if version is None:
            if joint and office == "ward" and world.joint_versions:
                version = rng.choice(world.joint_versions)
            else:
                candidates = chosen.versions
                if path in ACCOUNT_PATHS:
                    candidates = [v for v in candidates if v.accepts_online_submission]
                version = rng.choice(candidates)
        channels = _channels(version)
        if path in ACCOUNT_PATHS:
            channel = Channel.ONLINE
        if channel is None or channel not in channels:
            channel = rng.choices(
                channels, weights=[{"desk": 5, "online": 4, "post": 1}[c] for c in channels]
            )[0]
        if channel == Channel.ONLINE and not version.for_citizens and organisation is None:
            # For businesses only: submitted online by the demo company's representative.
            person, organisation = world.citizens[0], world.organisation
        if person is None:
            if channel == Channel.ONLINE:
                pool = world.applicants if rng.random() < 0.97 else world.citizens
                person = rng.choice(pool)
            else:
                person = world.people.stranger()
        if return_channel is None:
            if channel == Channel.ONLINE:
                return_channel = rng.choice((Channel.ONLINE, Channel.ONLINE, Channel.DESK))
            elif channel == Channel.POST:
                return_channel = Channel.POST
            else:
                return_channel = Channel.POST if rng.random() < 0.15 else Channel.DESK
        if days_ago is None:
            days_ago = rng.uniform(2, 255)
        start = self.moment(days_ago, chosen, channel == Channel.ONLINE)
        # Never before the procedure version or the receiving unit existed.
        first_day = max(
            version.effective_from, chosen.receiving.valid_from or version.effective_from
        )
        start = max(start, datetime.datetime.combine(first_day, datetime.time(8), tzinfo=VN_TZ))
        return Plan(
            number=next(self.number),
            office=chosen,
            version=version,
            channel=channel,
            return_channel=return_channel,
            person=person,
            path=path,
            start=start,
            until=until,
            organisation=organisation,
        )

    def showcase(self) -> list[Plan]:
        """Dossiers in every state and channel, and the demo citizens' own, whatever the
        count."""
        an, binh = self.world.citizens
        p = self.plan
        return [
            # Nguyễn Văn An, on the portal.
            p(Path.STRAIGHT, office="ward", channel=Channel.ONLINE, person=an, days_ago=60,
              return_channel=Channel.ONLINE),
            p(Path.SUPPLEMENT_IN_PROCESS, office="ward", channel=Channel.ONLINE, person=an,
              days_ago=3, until=State.SUPPLEMENT_IN_PROCESS),
            p(Path.STRAIGHT, office="justice", channel=Channel.ONLINE, person=an, days_ago=9,
              return_channel=Channel.ONLINE, until=State.RESULT_READY),
            p(Path.DRAFT, office="ward", person=an, days_ago=1),
            p(Path.SUPPLEMENT_AT_DESK, office="ward", channel=Channel.ONLINE, person=an,
              days_ago=1, until=State.SUPPLEMENT_AT_INTAKE, organisation=self.world.organisation),
            p(Path.STRAIGHT, office="ward", channel=Channel.DESK, person=an, days_ago=150),
            # Trần Thị Bình.
            p(Path.JOINT_PARALLEL, office="ward", channel=Channel.ONLINE, person=binh,
              days_ago=2, until=State.CONSULTING),
            p(Path.STRAIGHT, office="ward", channel=Channel.DESK, person=binh, days_ago=200),
            p(Path.PAYMENT, office="ward", channel=Channel.ONLINE, person=binh, days_ago=2,
              until=State.AWAITING_PAYMENT),
            p(Path.WITHDRAWAL, office="ward", channel=Channel.ONLINE, person=binh, days_ago=2,
              until=State.WITHDRAWAL_REQUESTED),
            p(Path.STRAIGHT, office="justice", channel=Channel.POST, person=binh, days_ago=90),
            p(Path.STRAIGHT, office="ward", channel=Channel.ONLINE, person=binh, days_ago=0.3,
              until=State.SUBMITTED),
            p(Path.WITHDRAWN_BEFORE_RECEIPT, office="ward", person=binh, days_ago=40),
            # Every other path and state, at the desks.
            p(Path.REFUSAL, office="ward", channel=Channel.DESK, days_ago=30),
            p(Path.STRAIGHT, office="ward", channel=Channel.DESK, days_ago=0.5,
              until=State.RECEIVED),
            p(Path.STRAIGHT, office="justice", channel=Channel.POST, days_ago=1,
              until=State.TRANSFERRED),
            p(Path.STRAIGHT, office="justice", channel=Channel.DESK, days_ago=3,
              until=State.IN_REVIEW),
            p(Path.STRAIGHT, office="ward", channel=Channel.DESK, days_ago=2,
              until=State.AWAITING_DECISION),
            p(Path.STRAIGHT, office="ward", channel=Channel.DESK, days_ago=2,
              until=State.APPROVED),
            p(Path.REJECTION, office="ward", channel=Channel.DESK, days_ago=3,
              until=State.REJECTED),
            p(Path.REJECTION, office="justice", channel=Channel.DESK, days_ago=70),
            p(Path.STOP, office="ward", channel=Channel.DESK, days_ago=45),
            p(Path.WITHDRAWAL, office="justice", channel=Channel.DESK, days_ago=80),
            p(Path.WITHDRAWAL_REFUSED, office="ward", channel=Channel.DESK, days_ago=110),
            p(Path.CANCELLED, office="ward", channel=Channel.DESK, days_ago=20),
            p(Path.SUPPLEMENT_AT_DESK, office="ward", channel=Channel.DESK, days_ago=100),
            p(Path.SUPPLEMENT_IN_PROCESS, office="justice", channel=Channel.DESK, days_ago=120),
            p(Path.JOINT_PARALLEL, office="ward", channel=Channel.DESK, days_ago=130),
            p(Path.JOINT_SEQUENCE, office="ward", channel=Channel.POST, days_ago=140),
            p(Path.JOINT_PARALLEL, office="justice", channel=Channel.DESK, days_ago=160),
            p(Path.LATE_WITH_APOLOGY, office="ward", channel=Channel.DESK, days_ago=170),
            p(Path.LATE, office="justice", channel=Channel.DESK, days_ago=180),
            p(Path.PAYMENT, office="ward", channel=Channel.POST, days_ago=190),
            p(Path.SEND_BACK, office="ward", channel=Channel.DESK, days_ago=210),
            p(Path.SEND_BACK, office="justice", channel=Channel.DESK, days_ago=230),
            p(Path.SEND_BACK, office="justice", channel=Channel.POST, days_ago=240),
            p(Path.STRAIGHT, office="ward", channel=Channel.POST, days_ago=220),
            # Overdue: received weeks ago and still in review.
            p(Path.STRAIGHT, office="justice", channel=Channel.DESK, days_ago=25,
              until=State.IN_REVIEW),
        ]  # fmt: skip

    def rest(self, count: int) -> list[Plan]:
        paths = [path for path, _weight in WEIGHTS]
        weights = [weight for _path, weight in WEIGHTS]
        plans = []
        for _number in range(count):
            path = self.rng.choices(paths, weights=weights)[0]
            days_ago = self.rng.uniform(0.2, 255)
            until = None
            if days_ago < 12 and path in OPEN_STATES_OF:
                # Recent dossiers are still on their way.
                until = self.rng.choice(OPEN_STATES_OF[path])
            elif days_ago < 12:
                days_ago += 12
            elif path == Path.STRAIGHT and self.rng.random() < 0.01:
                until = State.IN_REVIEW  # forgotten: overdue
            plans.append(self.plan(path, days_ago=days_ago, until=until))
        return plans


# --- Playing the year -------------------------------------------------------------------


def _play(world: World, plans: list[Plan], out: Callable[[str], None]) -> None:
    """Perform every dossier's actions in the order of their moments, never after the run's
    moment (a step that would come later comes just before it)."""
    limit = world.now - datetime.timedelta(minutes=1)
    queue: list[tuple[datetime.datetime, int, int]] = []
    runs = {}
    for plan in plans:
        runs[plan.number] = Run(world, plan)
        heapq.heappush(queue, (plan.start, plan.number, 0))
    started = 0
    step = max(1, len(plans) // 10)
    tick = itertools.count(1)
    while queue:
        moment, number, _order = heapq.heappop(queue)
        run = runs[number]
        run.now = moment
        if run.dossier is None:
            started += 1
            if started % step == 0 or started == len(plans):
                out(
                    _("  … %(done)d of %(total)d dossiers started")
                    % {"done": started, "total": len(plans)}
                )
        try:
            upcoming = next(run.steps)
        except StopIteration:
            upcoming = None
        assert run.dossier is not None
        reached = run.plan.until is not None and run.dossier.state == run.plan.until
        if upcoming is None or reached:
            run.steps.close()
            world.counts[run.dossier.state] += 1
            world.counts[f"channel:{run.dossier.channel}"] += 1
            del runs[number]
            continue
        if isinstance(upcoming, int):
            following = run.office.calendar.add_working_minutes(moment, upcoming)
        else:
            following = upcoming
        following = max(moment, min(following, limit))
        heapq.heappush(queue, (following, number, next(tick)))


def build(out: Callable[[str], None], count: int | None = None, seed: int = SEED) -> None:
    if AuditEvent.objects.filter(action=BUILT).exists():
        out(_("Demo dossiers: already built, nothing added."))
        return
    total = dossier_count() if count is None else count
    began = time.monotonic()
    now = timezone.now().replace(second=0, microsecond=0)
    world = _world(seed, now)
    planner = Planner(world)
    showcase = planner.showcase()
    plans = showcase[:total] + planner.rest(max(0, total - len(showcase)))
    out(
        _("Demo dossiers: %(count)d over the twelve months to %(day)s …")
        % {"count": len(plans), "day": timezone.localdate(now).strftime("%d/%m/%Y")}
    )
    # History replayed: the transitions' subscribers (messages to the applicants) stay out,
    # or the first `send_notifications` would send a year of receipts at once.
    with (
        numbering.lookup_secrets_hashed_with(_lookup_hasher()),
        timing.calendars_held(),
        hooks.muted(*hooks.subscribers()),
    ):
        _play(world, plans, out)
    states = ", ".join(
        f"{State(state).label}: {world.counts[state]}"
        for state in State.values
        if world.counts[state]
    )
    channels = ", ".join(
        f"{Channel(channel).label}: {world.counts[f'channel:{channel}']}"
        for channel in Channel.values
    )
    audit.record(BUILT, data={"count": len(plans), "seed": seed, "at": now.isoformat()})
    out(
        _("Demo dossiers: %(count)d made in %(seconds).0f s.")
        % {"count": len(plans), "seconds": time.monotonic() - began}
    )
    out("  " + states)
    out("  " + channels)
