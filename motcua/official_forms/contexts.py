"""What each official form prints: plain, typed values, built by the caller from a dossier.

The forms are those of TT 03/2025/TT-VPCP, Phụ lục I (Mẫu số 01 to 07). This module knows
nothing about dossiers: the one-stop code builds these objects (and computes every date
and time limit through `worktime`), the templates only lay them out. Texts that a form
prints verbatim (names, reasons, channels) are passed in already written in Vietnamese.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import ClassVar


@dataclass(frozen=True, kw_only=True)
class OfficialForm:
    """The issuing side of every form: the left half of the common header."""

    template_name: ClassVar[str]
    # "Mẫu số 01" ... "Mẫu số 07" of TT 03/2025, Phụ lục I.
    form_number: ClassVar[str]
    # How many copies (liên) one print makes, each on its own page.
    copy_count: ClassVar[int] = 1
    # Cơ quan chủ quản, e.g. "UBND tỉnh Nghệ An" (printed in upper case).
    parent_agency_name: str
    # The one-stop unit or agency that issues the form, e.g. "Trung tâm Phục vụ hành chính công".
    agency_name: str


@dataclass(frozen=True, kw_only=True)
class DossierForm(OfficialForm):
    """A form about one dossier: place and date line, dossier code and lookup QR code."""

    # Địa danh of the date line, e.g. "Nghệ An".
    place_name: str
    issued_on: date
    dossier_code: str
    # Public lookup address printed as a QR code; empty prints no QR code.
    lookup_url: str = ""


@dataclass(frozen=True, kw_only=True)
class Applicant:
    """The organisation or person the dossier belongs to (chủ hồ sơ)."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class ComponentLine:
    """One paper of the dossier as received: 'Tờ khai ...', 'Bản chính', 1."""

    name: str
    # "Bản chính", "Bản sao", "Bản sao có chứng thực", "Bản chụp" ...
    original_or_copy: str
    copies: int = 1


@dataclass(frozen=True, kw_only=True)
class Signer:
    """The signature block of a document issued by an agency (NĐ 30/2020).

    `title_lines` are the lines above the signature, authority first:
    ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC") or ("GIÁM ĐỐC",).
    """

    title_lines: tuple[str, ...]
    name: str


@dataclass(frozen=True, kw_only=True)
class ReceiptSlip(DossierForm):
    """Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả (printed in 2 copies)."""

    template_name: ClassVar[str] = "official_forms/01_receipt_slip.html"
    form_number: ClassVar[str] = "01"
    copy_count: ClassVar[int] = 2
    applicant: Applicant
    # Người nộp, when somebody else (an authorised person) hands the dossier in.
    submitter_name: str = ""
    procedure_name: str
    components: list[ComponentLine]
    sets_count: int = 1
    # Thời gian giải quyết theo quy định, e.g. "05 ngày làm việc".
    legal_time_limit_text: str
    received_at: datetime
    appointment_at: datetime
    # Where and how the result is returned, e.g. "Trực tiếp tại Bộ phận Một cửa".
    return_channel_text: str
    # Sổ theo dõi hồ sơ: quyển số and số thứ tự.
    register_book: str
    register_number: str
    # The secret that, with the dossier code, opens the public lookup.
    lookup_secret: str = ""
    receiving_officer_name: str


@dataclass(frozen=True, kw_only=True)
class SupplementRequest(DossierForm):
    """Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    template_name: ClassVar[str] = "official_forms/02_supplement_request.html"
    form_number: ClassVar[str] = "02"
    applicant: Applicant
    procedure_name: str
    # Each paper or content to add or correct, in the order the applicant should read them.
    items: list[str]
    reason: str
    # Who answers questions while the applicant completes the dossier.
    contact_name: str
    contact_phone: str
    guiding_officer_name: str


@dataclass(frozen=True, kw_only=True)
class RefusalNotice(DossierForm):
    """Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    template_name: ClassVar[str] = "official_forms/03_refusal_notice.html"
    form_number: ClassVar[str] = "03"
    applicant: Applicant
    procedure_name: str
    # The provision the refusal rests on, e.g. "khoản 2 Điều 9 Nghị định số 118/2025/NĐ-CP".
    legal_basis: str
    reasons: list[str]
    receiving_officer_name: str


@dataclass(frozen=True, kw_only=True)
class ApologyLetter(DossierForm):
    """Mẫu số 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.

    Issued by the agency that caused the delay (`agency_name`), signed by its head.
    """

    template_name: ClassVar[str] = "official_forms/04_apology_letter.html"
    form_number: ClassVar[str] = "04"
    # Số, ký hiệu of the letter, e.g. "15/TTPVHCC-XL"; empty leaves dots to fill in.
    document_number: str = ""
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    original_appointment_at: datetime
    delay_reason: str
    new_appointment_at: datetime
    signer: Signer
    # Nơi nhận, e.g. ["Như trên;", "Bộ phận Một cửa tỉnh;", "Lưu: VT."].
    recipients: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class StopNotice(DossierForm):
    """Mẫu số 05: Thông báo dừng giải quyết hồ sơ (the applicant asked to withdraw or stop)."""

    template_name: ClassVar[str] = "official_forms/05_stop_notice.html"
    form_number: ClassVar[str] = "05"
    document_number: str = ""
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    stop_requested_on: date
    # Who asked: the applicant or their authorised person.
    stop_requested_by: str
    stop_reason: str
    # How far the dossier had gone when the request came, e.g. "Đang thẩm định hồ sơ".
    stage_reached: str
    stopped_on: date
    # What happens to fees already paid, e.g. "Không hoàn trả lệ phí đã nộp".
    fee_handling: str
    # How the papers go back to the applicant.
    documents_return: str = ""
    signer: Signer
    recipients: list[str] = field(default_factory=list)


class StepOutcome(Enum):
    """Kết quả giải quyết of one step of the control slip, decided by `worktime`."""

    EARLY = "Trước hạn"
    ON_TIME = "Đúng hạn"
    LATE = "Quá hạn"


@dataclass(frozen=True, kw_only=True)
class ControlStep:
    """One hand-over of the dossier between two units (a row of Mẫu số 06).

    A step not done yet keeps its time, names and outcome empty: the printed row then has
    dots for the officers to fill in by hand.
    """

    from_unit: str
    to_unit: str
    handed_over_at: datetime | None = None
    giver_name: str = ""
    receiver_name: str = ""
    outcome: StepOutcome | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ControlSlip(DossierForm):
    """Mẫu số 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    template_name: ClassVar[str] = "official_forms/06_control_slip.html"
    form_number: ClassVar[str] = "06"
    applicant: Applicant
    procedure_name: str
    received_at: datetime
    appointment_at: datetime
    steps: list[ControlStep]
    # The last row: who took the result and when; empty until it is returned.
    result_receiver_name: str = ""
    result_received_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class RegisterEntry:
    """One dossier in the register (a row of Mẫu số 07)."""

    number: int
    dossier_code: str
    procedure_name: str
    sets_count: int = 1
    applicant_name: str
    applicant_address: str = ""
    applicant_phone: str = ""
    # Cơ quan chủ trì giải quyết.
    lead_agency_name: str
    received_at: datetime
    appointment_at: datetime
    transferred_at: datetime | None = None
    result_received_at: datetime | None = None
    returned_at: datetime | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class DossierRegister(OfficialForm):
    """Mẫu số 07: Sổ theo dõi hồ sơ (A4 landscape), one book or one period of it."""

    template_name: ClassVar[str] = "official_forms/07_dossier_register.html"
    form_number: ClassVar[str] = "07"
    book_number: str
    period_start: date
    period_end: date
    entries: list[RegisterEntry]
