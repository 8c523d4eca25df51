"""Specimens of the seven forms filled with realistic data of a fictitious dossier.

Staff open them from the back-office to see and print a form as this installation lays it
out (for example after a province has overridden a template); the tests render them too.
"""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from motcua.official_forms.contexts import (
    ApologyLetter,
    Applicant,
    ComponentLine,
    ControlSlip,
    ControlStep,
    DossierRegister,
    OfficialForm,
    ReceiptSlip,
    RefusalNotice,
    RegisterEntry,
    Signer,
    StepOutcome,
    StopNotice,
    SupplementRequest,
)
from motcua.official_forms.vietnamese import VIETNAM

PARENT_AGENCY = "UBND tỉnh Nghệ An"
ONE_STOP_UNIT = "Trung tâm Phục vụ hành chính công"
LEAD_AGENCY = "Sở Xây dựng"
PLACE = "Nghệ An"
DOSSIER_CODE = "000.00.20.H41-260305-0012"
PROCEDURE = "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"
APPLICANT = Applicant(
    name="Nguyễn Thị Hồng Nhung",
    address="Số 12, đường Lê Hồng Phong, phường Thành Vinh, tỉnh Nghệ An",
    phone="0912 345 678",
    email="hongnhung.nguyen@example.vn",
)


def _at(day: int, hour: int, minute: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VIETNAM)


def _lookup_url(code: str) -> str:
    return f"{settings.SITE_URL}/tra-cuu-ho-so/?{urlencode({'ma': code})}"


def _about_the_dossier(
    agency_name: str = ONE_STOP_UNIT, issued_on: date = date(2026, 3, 5)
) -> dict[str, Any]:
    """The header and applicant fields that every specimen about the dossier shares."""
    return {
        "parent_agency_name": PARENT_AGENCY,
        "agency_name": agency_name,
        "place_name": PLACE,
        "issued_on": issued_on,
        "dossier_code": DOSSIER_CODE,
        "lookup_url": _lookup_url(DOSSIER_CODE),
        "applicant": APPLICANT,
        "procedure_name": PROCEDURE,
    }


def receipt_slip() -> ReceiptSlip:
    return ReceiptSlip(
        **_about_the_dossier(),
        components=[
            ComponentLine(
                name="Đơn đề nghị cấp giấy phép xây dựng (Mẫu số 01 Phụ lục II)",
                original_or_copy="Bản chính",
                copies=1,
            ),
            ComponentLine(
                name="Giấy chứng nhận quyền sử dụng đất",
                original_or_copy="Bản sao có chứng thực",
                copies=1,
            ),
            ComponentLine(
                name="Bản vẽ thiết kế xây dựng (mặt bằng, mặt đứng, mặt cắt)",
                original_or_copy="Bản chính",
                copies=2,
            ),
        ],
        sets_count=1,
        legal_time_limit_text="15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        received_at=_at(5, 14, 30),
        appointment_at=_at(26, 14, 30),
        return_channel_text="Trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh Nghệ An",
        register_book="03/2026",
        register_number="0012",
        lookup_secret="K7Q2-9XPM",  # noqa: S106 (a specimen's lookup code, not a password)
        receiving_officer_name="Trần Văn Đức",
    )


def supplement_request() -> SupplementRequest:
    return SupplementRequest(
        **_about_the_dossier(),
        items=[
            "Bổ sung bản vẽ mặt bằng móng công trình có chữ ký của chủ đầu tư.",
            "Hoàn thiện đơn đề nghị: ghi rõ diện tích xây dựng tầng 1 và tổng diện tích sàn.",
        ],
        reason="Hồ sơ chưa đủ thành phần theo quy định tại Điều 46 Nghị định số 175/2024/NĐ-CP.",
        contact_name="bà Lê Thị Thủy, công chức Sở Xây dựng",
        contact_phone="0238 3 844 556",
        guiding_officer_name="Trần Văn Đức",
    )


def refusal_notice() -> RefusalNotice:
    return RefusalNotice(
        **_about_the_dossier(),
        legal_basis="khoản 2 Điều 9 Nghị định số 118/2025/NĐ-CP",
        reasons=[
            "Thửa đất thuộc khu vực đã có quy hoạch chi tiết được phê duyệt nhưng chưa thực"
            " hiện; công trình không thuộc trường hợp được cấp giấy phép xây dựng có thời hạn.",
        ],
        receiving_officer_name="Trần Văn Đức",
    )


def apology_letter() -> ApologyLetter:
    return ApologyLetter(
        **_about_the_dossier(agency_name=LEAD_AGENCY, issued_on=date(2026, 3, 24)),
        document_number="215/SXD-XL",
        received_at=_at(5, 14, 30),
        original_appointment_at=_at(26, 14, 30),
        delay_reason="Cần lấy ý kiến của Ủy ban nhân dân phường Thành Vinh về hiện trạng ranh"
        " giới thửa đất, đến nay chưa nhận được văn bản trả lời.",
        new_appointment_at=_at(2, 16, 0, month=4),
        signer=Signer(title_lines=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"), name="Hoàng Minh Tuấn"),
        recipients=["Như trên;", "Trung tâm Phục vụ hành chính công tỉnh;", "Lưu: VT, QLXD."],
    )


def stop_notice() -> StopNotice:
    return StopNotice(
        **_about_the_dossier(agency_name=LEAD_AGENCY, issued_on=date(2026, 3, 11)),
        document_number="198/TB-SXD",
        received_at=_at(5, 14, 30),
        stop_requested_on=date(2026, 3, 9),
        stop_requested_by="bà Nguyễn Thị Hồng Nhung (chủ hồ sơ)",
        stop_reason="Gia đình thay đổi phương án thiết kế, sẽ nộp hồ sơ mới.",
        stage_reached="Hồ sơ đang được thẩm định tại Phòng Quản lý xây dựng.",
        stopped_on=date(2026, 3, 11),
        fee_handling="Lệ phí cấp giấy phép xây dựng đã nộp không được hoàn trả theo quy định.",
        documents_return="Trả lại thành phần hồ sơ bản chính tại Trung tâm Phục vụ hành chính"
        " công tỉnh Nghệ An.",
        signer=Signer(title_lines=("GIÁM ĐỐC",), name="Phạm Quốc Hưng"),
        recipients=["Như trên;", "Trung tâm Phục vụ hành chính công tỉnh;", "Lưu: VT."],
    )


def control_slip() -> ControlSlip:
    return ControlSlip(
        **_about_the_dossier(),
        received_at=_at(5, 14, 30),
        appointment_at=_at(26, 14, 30),
        steps=[
            ControlStep(
                from_unit="Trung tâm Phục vụ hành chính công",
                to_unit="Sở Xây dựng",
                handed_over_at=_at(6, 8, 5),
                giver_name="Trần Văn Đức",
                receiver_name="Lê Thị Thủy",
                outcome=StepOutcome.ON_TIME,
            ),
            ControlStep(
                from_unit="Sở Xây dựng",
                to_unit="UBND phường Thành Vinh",
                handed_over_at=_at(10, 9, 15),
                giver_name="Lê Thị Thủy",
                receiver_name="Võ Văn Hải",
                outcome=StepOutcome.EARLY,
                note="Lấy ý kiến về ranh giới thửa đất",
            ),
            ControlStep(from_unit="UBND phường Thành Vinh", to_unit="Sở Xây dựng"),
            ControlStep(from_unit="Sở Xây dựng", to_unit="Trung tâm Phục vụ hành chính công"),
        ],
    )


def dossier_register() -> DossierRegister:
    entries = [
        RegisterEntry(
            number=1,
            dossier_code="000.00.20.H41-260305-0011",
            procedure_name="Cấp giấy phép hoạt động karaoke",
            applicant_name="Công ty TNHH Âm nhạc Sông Lam",
            applicant_address="Số 5, đường Trường Thi, phường Trường Vinh",
            applicant_phone="0238 3 567 890",
            lead_agency_name="Sở Văn hóa, Thể thao và Du lịch",
            received_at=_at(5, 9, 10),
            appointment_at=_at(12, 9, 10),
            transferred_at=_at(5, 10, 0),
            result_received_at=_at(11, 15, 20),
            returned_at=_at(12, 8, 30),
        ),
        RegisterEntry(
            number=2,
            dossier_code=DOSSIER_CODE,
            procedure_name=PROCEDURE,
            applicant_name=APPLICANT.name,
            applicant_address=APPLICANT.address,
            applicant_phone=APPLICANT.phone,
            lead_agency_name=LEAD_AGENCY,
            received_at=_at(5, 14, 30),
            appointment_at=_at(26, 14, 30),
            transferred_at=_at(6, 8, 5),
            note="Đã xin lỗi, hẹn lại ngày 02/4/2026",
        ),
        RegisterEntry(
            number=3,
            dossier_code="000.00.20.H41-260306-0001",
            procedure_name="Đăng ký thành lập hộ kinh doanh",
            sets_count=1,
            applicant_name="Đặng Thị Ngọc Ánh",
            applicant_address="Xóm 4, xã Hưng Nguyên",
            applicant_phone="0987 654 321",
            lead_agency_name="UBND xã Hưng Nguyên",
            received_at=_at(6, 7, 45),
            appointment_at=_at(11, 7, 45),
            transferred_at=_at(6, 8, 0),
        ),
    ]
    return DossierRegister(
        parent_agency_name=PARENT_AGENCY,
        agency_name=ONE_STOP_UNIT,
        book_number="03/2026",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
        entries=entries,
    )


# The specimen builders by form number ("Mẫu số 01" ... "Mẫu số 07").
SPECIMENS: dict[str, Callable[[], OfficialForm]] = {
    "01": receipt_slip,
    "02": supplement_request,
    "03": refusal_notice,
    "04": apology_letter,
    "05": stop_notice,
    "06": control_slip,
    "07": dossier_register,
}
