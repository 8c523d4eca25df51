"""Each official form renders to a PDF that says what the form must say, in Tinos."""

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from motcua.official_forms import specimens
from motcua.official_forms.contexts import (
    ApologyLetter,
    Applicant,
    ControlSlip,
    OfficialForm,
    ReceiptSlip,
    StepOutcome,
)
from motcua.official_forms.rendering import qr_matrix, qr_svg, render_html, render_pdf
from motcua.official_forms.tests.pdf import (
    PlacedText,
    page_count,
    page_size,
    pdf_fonts,
    pdf_text,
    placed_text,
)

MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
ISSUER = ["UBND TỈNH NGHỆ AN"]
DOSSIER = [specimens.DOSSIER_CODE, "Nguyễn Thị Hồng Nhung", specimens.PROCEDURE]

# For each form: its builder, the number of pages, and the phrases its text must contain.
EXPECTED: dict[str, tuple[Callable[[], OfficialForm], int, list[str]]] = {
    "01": (
        specimens.receipt_slip,
        2,
        [
            "Mẫu số 01",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
            "Nghệ An, ngày 05 tháng 3 năm 2026",
            "(Liên: 1/2)",
            "(Liên: 2/2)",
            "Giấy chứng nhận quyền sử dụng đất Bản sao có chứng thực 1",
            "2. Số lượng hồ sơ: 1 (bộ)",
            "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
            "4. Thời gian nhận hồ sơ: 14 giờ 30 phút, ngày 05 tháng 3 năm 2026",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 14 giờ 30 phút, ngày 26 tháng 3 năm 2026",
            "Đăng ký nhận kết quả tại: Trực tiếp tại Trung tâm Phục vụ hành chính công",
            "Quyển số: 03/2026, Số thứ tự: 0012",
            "mã tra cứu: K7Q2-9XPM",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "(Ký, ghi rõ họ tên)",
            "Trần Văn Đức",
            "được lập thành 02 liên",
        ],
    ),
    "02": (
        specimens.supplement_request,
        1,
        [
            "Mẫu số 02",
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "1. Bổ sung bản vẽ mặt bằng móng công trình",
            "2. Hoàn thiện đơn đề nghị",
            "Lý do: Hồ sơ chưa đủ thành phần",
            "số điện thoại 0238 3 844 556 để được hướng dẫn",
            "NGƯỜI HƯỚNG DẪN",
        ],
    ),
    "03": (
        specimens.refusal_notice,
        1,
        [
            "Mẫu số 03",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            "Căn cứ quy định tại khoản 2 Điều 9 Nghị định số 118/2025/NĐ-CP",
            "từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau",
            "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        ],
    ),
    "04": (
        specimens.apology_letter,
        1,
        [
            "Mẫu số 04",
            "SỞ XÂY DỰNG",
            "Số: 215/SXD-XL",
            "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
            "Kính gửi: Nguyễn Thị Hồng Nhung",
            "Vào ngày 05 tháng 3 năm 2026, Sở Xây dựng đã tiếp nhận hồ sơ",
            "theo giấy hẹn: 14 giờ 30 phút, ngày 26 tháng 3 năm 2026",
            "xin lỗi Ông/Bà/Tổ chức",
            "16 giờ 00 phút, ngày 02 tháng 4 năm 2026",
            "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
            "Hoàng Minh Tuấn",
            "Nơi nhận:",
        ],
    ),
    "05": (
        specimens.stop_notice,
        1,
        [
            "Mẫu số 05",
            "Số: 198/TB-SXD",
            "THÔNG BÁO",
            "Về việc dừng giải quyết hồ sơ",
            "Vào ngày 09 tháng 3 năm 2026, bà Nguyễn Thị Hồng Nhung (chủ hồ sơ) có yêu cầu",
            "Tình trạng giải quyết hồ sơ tại thời điểm có yêu cầu: Hồ sơ đang được thẩm định",
            "thông báo dừng giải quyết hồ sơ nêu trên kể từ ngày 11 tháng 3 năm 2026",
            "Lệ phí cấp giấy phép xây dựng đã nộp không được hoàn trả",
            "GIÁM ĐỐC",
            "Phạm Quốc Hưng",
        ],
    ),
    "06": (
        specimens.control_slip,
        1,
        [
            "Mẫu số 06",
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Kèm theo hồ sơ của: Nguyễn Thị Hồng Nhung",
            "TÊN CƠ QUAN",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
            "GHI CHÚ",
            "1. Giao: Trung tâm Phục vụ hành chính công Nhận: Sở Xây dựng",
            "08 giờ 05 phút, ngày 06 tháng 3 năm 2026",
            StepOutcome.ON_TIME.value,
            StepOutcome.EARLY.value,
            "Lấy ý kiến về ranh giới thửa đất",
            "5. Người nhận kết quả",
        ],
    ),
    "07": (
        specimens.dossier_register,
        1,
        [
            "Mẫu số 07",
            "SỔ THEO DÕI HỒ SƠ",
            "Quyển số: 03/2026",
            "từ ngày 01 tháng 3 năm 2026 đến ngày 31 tháng 3 năm 2026",
            "Tên thủ tục hành chính",
            "Cơ quan chủ trì giải quyết",
            "Chuyển hồ sơ đến cơ quan giải quyết",
            "Nhận kết quả từ cơ quan giải quyết",
            "Ký nhận",
            "Công ty TNHH Âm nhạc Sông Lam",
            "Đặng Thị Ngọc Ánh",
            "14:30 05/3/2026",
        ],
    ),
}
TINOS = {"Tinos", "Tinos-Bold", "Tinos-Italic", "Tinos-Bold-Italic"}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[OfficialForm, bytes]]:
    forms = {number: build() for number, (build, _, _) in EXPECTED.items()}
    return {number: (form, render_pdf(form.template_name, form)) for number, form in forms.items()}


@pytest.mark.parametrize("number", EXPECTED)
def test_the_pdf_says_what_the_form_must_say(
    rendered: dict[str, tuple[OfficialForm, bytes]], number: str
) -> None:
    _, pdf = rendered[number]
    _, pages, phrases = EXPECTED[number]
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == pages
    text = pdf_text(pdf)
    common = MOTTO + ISSUER + ([] if number == "07" else DOSSIER)
    missing = [phrase for phrase in common + phrases if phrase not in text]
    assert not missing, f"Mẫu số {number} lacks {missing}:\n{text}"


@pytest.mark.parametrize("number", EXPECTED)
def test_every_glyph_is_set_in_the_embedded_form_font(
    rendered: dict[str, tuple[OfficialForm, bytes]], number: str
) -> None:
    _, pdf = rendered[number]
    fonts = pdf_fonts(pdf)
    # Regular, bold and italic Tinos only: a glyph missing from Tinos would bring in a
    # fallback font (DejaVu, Liberation) and show up here.
    assert {font.name for font in fonts} <= TINOS
    assert {"Tinos", "Tinos-Bold"} <= {font.name for font in fonts}
    assert all(font.embedded for font in fonts)


def test_every_vietnamese_letter_comes_out_as_written() -> None:
    letters = (
        "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
    )
    name = f"{letters} {letters.upper()}"
    form = replace(specimens.receipt_slip(), applicant=Applicant(name=name))
    pdf = render_pdf(form.template_name, form)
    assert name in pdf_text(pdf)
    assert {font.name for font in pdf_fonts(pdf)} <= TINOS


def test_the_qr_code_encodes_the_public_lookup_address() -> None:
    form = specimens.receipt_slip()
    html = render_html(form.template_name, form)
    assert qr_svg(form.lookup_url) in html
    # The drawing has one dark run per group of neighbouring dark modules of the matrix.
    matrix = qr_matrix(form.lookup_url)
    dark = sum(sum(row) for row in matrix)
    drawn = sum(
        int(run.split("h")[1].split("v")[0]) for run in qr_svg(form.lookup_url).split("M")[1:]
    )
    assert drawn == dark
    # The dossier code is printed under the code, allowed to wrap after its hyphens.
    assert '<div class="qr-caption">000.00.20.H41-<wbr>260305-<wbr>0012</div>' in html


def test_no_lookup_address_prints_no_qr_code() -> None:
    form = replace(specimens.receipt_slip(), lookup_url="")
    html = render_html(form.template_name, form)
    assert "<svg" not in html
    assert "Tra cứu tình trạng hồ sơ" not in html


def test_steps_not_done_yet_leave_blanks_to_fill_in_by_hand() -> None:
    form: ControlSlip = specimens.control_slip()
    text = pdf_text(render_pdf(form.template_name, form))
    assert "…… giờ …… phút, ngày …… tháng …… năm ……" in text
    assert "Người nhận kết quả" in text


def test_an_apology_without_a_number_yet_leaves_dots() -> None:
    form: ApologyLetter = replace(specimens.apology_letter(), document_number="")
    assert "Số: …………………" in pdf_text(render_pdf(form.template_name, form))


def test_values_are_escaped() -> None:
    form = replace(specimens.receipt_slip(), applicant=Applicant(name="<b>Lê</b> & con"))
    html = render_html(form.template_name, form)
    assert "&lt;b&gt;Lê&lt;/b&gt; &amp; con" in html


def test_the_browser_preview_is_the_same_form_with_a_print_button() -> None:
    form: ReceiptSlip = specimens.receipt_slip()
    printed = render_html(form.template_name, form)
    preview = render_html(form.template_name, form, preview=True)
    assert "window.print()" in preview
    assert "window.print()" not in printed
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".lower() in preview.lower()


def test_a_province_overrides_a_form_with_its_own_template(tmp_path: Path) -> None:
    folder = tmp_path / "official_forms"
    folder.mkdir()
    (folder / "03_refusal_notice.html").write_text(
        '{% extends "official_forms/form_base.html" %}'
        "{% block body %}<p>Mẫu riêng của tỉnh: {{ form.applicant.name }}</p>{% endblock %}",
        encoding="utf-8",
    )
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        form = specimens.refusal_notice()
        text = pdf_text(render_pdf(form.template_name, form))
    assert "Mẫu riêng của tỉnh: Nguyễn Thị Hồng Nhung" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


MM = 72 / 25.4  # points in a millimetre
TITLES = {
    "01": "GIẤY TIẾP NHẬN HỒ SƠ",
    "02": "PHIẾU YÊU CẦU BỔ SUNG",
    "03": "PHIẾU TỪ CHỐI TIẾP NHẬN",
    "04": "VĂN BẢN XIN LỖI",
    "05": "THÔNG BÁO",
    "06": "PHIẾU KIỂM SOÁT",
    "07": "SỔ THEO DÕI HỒ SƠ",
}
TABLES = {"06", "07"}  # the control slip and the register


def _run(texts: list[PlacedText], starting: str) -> PlacedText:
    return next(text for text in texts if text.text.startswith(starting))


@pytest.mark.parametrize("number", EXPECTED)
def test_the_first_page_is_laid_out_as_an_official_form(
    rendered: dict[str, tuple[OfficialForm, bytes]], number: str
) -> None:
    """The layout of NĐ 30/2020 that TT 03/2025's forms follow: A4; the issuing body on the
    left and the national motto on the right, on one line at the top; the motto's second line
    under it in a larger size; the form's title below both; a letter's text at 13-14 points
    inside a left margin of at least 30 mm (the table forms' at 9-13 inside 20 mm)."""
    _, pdf = rendered[number]
    width, height = page_size(pdf)
    assert sorted((round(width), round(height))) == [595, 842], "A4"
    texts = placed_text(pdf)

    motto = _run(texts, MOTTO[0])
    motto_second_line = _run(texts, MOTTO[1])
    issuer = _run(texts, ISSUER[0])
    assert motto.x > width * 0.4 > issuer.x
    assert abs(motto.y - issuer.y) < 1, "issuer and motto on one line"
    assert motto.y > height - 45 * MM, "at the top of the page"
    assert motto_second_line.y < motto.y and motto_second_line.x > motto.x
    assert 12 <= round(motto.size, 1) <= 13 < round(motto_second_line.size, 1) <= 14

    title = _run(texts, TITLES[number])
    assert title.y < motto_second_line.y, "the title under the header"
    assert title.size >= 13, f"the title {title.text!r} stands out"

    body = [text for text in texts if text.y < title.y - 1]
    assert body, "the form has a body under its title"
    typical_size = round(sorted(text.size for text in body)[len(body) // 2], 1)
    if number in TABLES:  # mostly a table, on a wider page for the register
        assert min(text.x for text in body) >= 20 * MM - 0.5
        assert 9 <= typical_size <= 13  # the register has a dozen columns
    else:  # a letter
        assert min(text.x for text in body) >= 30 * MM - 0.5
        assert 13 <= typical_size <= 14
