"""The vocabulary and the Excel layout of catalogue files, shared by the importer and the
exporter so that what one writes the other reads (documented in docs/catalogue-format.md).

The Excel headers and the words for choices are Vietnamese and fixed: they are the file
format the provinces publish, not text of the user interface, so they are not translated.
"""

from dataclasses import dataclass

from motcua.accounts.models import Role
from motcua.catalog.models import (
    AuthorityLevel,
    CopyKind,
    FeeKind,
    OnlineLevel,
    UnitRole,
    UnitScope,
    VersionStatus,
)
from motcua.worktime.limits import TimeUnit

FORMAT_NAME = "motcua-catalogue"
FORMAT_VERSION = 1

# The words written in an Excel file for each choice; the importer also accepts the code.
WORDS: dict[type, dict[str, str]] = {
    AuthorityLevel: {
        AuthorityLevel.PROVINCE: "Cấp tỉnh",
        AuthorityLevel.COMMUNE: "Cấp xã",
        AuthorityLevel.MINISTRY_VERTICAL: "Ngành dọc",
    },
    UnitScope: {
        UnitScope.LISTED_UNITS: "Các cơ quan được liệt kê",
        UnitScope.EVERY_COMMUNE: "Tất cả các xã, phường, đặc khu",
    },
    VersionStatus: {
        VersionStatus.IN_FORCE: "Đang có hiệu lực",
        VersionStatus.SUSPENDED: "Tạm ngưng",
        VersionStatus.ABOLISHED: "Đã bãi bỏ",
    },
    OnlineLevel: {
        OnlineLevel.NONE: "Không",
        OnlineLevel.INFO: "Cung cấp thông tin trực tuyến",
        OnlineLevel.PARTIAL: "DVCTT một phần",
        OnlineLevel.FULL: "DVCTT toàn trình",
    },
    TimeUnit: {
        TimeUnit.WORKING_HOURS: "Giờ làm việc",
        TimeUnit.WORKING_DAYS: "Ngày làm việc",
        TimeUnit.DAYS: "Ngày",
        TimeUnit.MONTHS: "Tháng",
    },
    CopyKind: {
        CopyKind.ORIGINAL: "Bản chính",
        CopyKind.COPY: "Bản sao",
        CopyKind.CERTIFIED_COPY: "Bản sao chứng thực hoặc bản sao kèm bản chính",
        CopyKind.PRESENT_ORIGINAL: "Xuất trình bản chính",
    },
    FeeKind: {FeeKind.FEE: "Phí", FeeKind.CHARGE: "Lệ phí"},
    Role: {
        Role.RECEPTION_OFFICER: "Công chức tiếp nhận và trả kết quả",
        Role.SPECIALIST: "Chuyên viên",
        Role.DIVISION_LEADER: "Lãnh đạo phòng",
        Role.AGENCY_LEADER: "Lãnh đạo cơ quan",
        Role.CLERK: "Văn thư",
        Role.SUPERVISOR: "Giám sát",
        Role.SYSTEM_ADMINISTRATOR: "Quản trị hệ thống",
    },
}

APPLICANT_WORDS = {
    "citizen": "Công dân",
    "business": "Doanh nghiệp",
    "household_business": "Hộ kinh doanh",
}
CHANNEL_WORDS = {"desk": "Trực tiếp", "online": "Trực tuyến", "post": "Bưu chính công ích"}
UNIT_ROLE_KEYS = {
    UnitRole.RECEIVING: "receiving",
    UnitRole.PROCESSING: "processing",
    UnitRole.COORDINATING: "coordinating",
    UnitRole.RESULT: "result",
}
YES, NO = "Có", "Không"


@dataclass(frozen=True)
class Column:
    header: str
    path: tuple[str, ...]  # where the value sits in a JSON record
    width: int = 20


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    # The JSON list of a procedure that the rows fill; empty for the procedure sheet itself.
    child_list: str = ""

    def column(self, path: tuple[str, ...]) -> Column:
        return next(column for column in self.columns if column.path == path)


# The first two columns of every sheet below the procedure sheet name the version the row
# belongs to.
_VERSION_KEY = (
    Column("Mã thủ tục", ("code",), 24),
    Column("Số quyết định công bố", ("decision", "number"), 22),
)

FIELDS_SHEET = Sheet(
    "Lĩnh vực", (Column("Mã lĩnh vực", ("code",)), Column("Tên lĩnh vực", ("name",), 50))
)
PROCEDURES_SHEET = Sheet(
    "Thủ tục",
    (
        *_VERSION_KEY,
        Column("Ngày quyết định", ("decision", "date"), 14),
        Column("Hiệu lực từ ngày", ("effective_from",), 14),
        Column("Hiệu lực đến ngày", ("effective_to",), 14),
        Column("Tình trạng", ("status",), 16),
        Column("Tình trạng từ ngày", ("status_since",), 14),
        Column("Tên thủ tục", ("name",), 60),
        Column("Mã lĩnh vực", ("field",), 14),
        Column("Cấp thực hiện", ("authority_level",), 12),
        Column("Phạm vi thực hiện", ("unit_scope",), 24),
        Column("Cơ quan tiếp nhận", ("units", "receiving"), 24),
        Column("Cơ quan giải quyết", ("units", "processing"), 24),
        Column("Cơ quan phối hợp", ("units", "coordinating"), 24),
        Column("Cơ quan trả kết quả", ("units", "result"), 24),
        Column("Đối tượng thực hiện", ("applicants",), 24),
        Column("Cách thức thực hiện", ("channels",), 24),
        Column("Trình tự thực hiện", ("steps",), 60),
        Column("Thời hạn giải quyết", ("time_limit", "amount"), 10),
        Column("Đơn vị thời hạn", ("time_limit", "unit"), 14),
        Column("Ghi chú thời hạn", ("time_limit", "note"), 30),
        Column("Giờ chốt nhận hồ sơ buổi chiều", ("time_limit", "cutoff"), 10),
        Column("Căn cứ pháp lý", ("legal_basis",), 60),
        Column("Yêu cầu, điều kiện", ("conditions",), 40),
        Column("Kết quả", ("result", "name"), 40),
        Column("Mẫu kết quả", ("result", "template"), 30),
        Column("Địa chỉ tải mẫu kết quả", ("result", "template_url"), 30),
        Column("Kết quả cần bản giấy", ("result", "paper_required"), 10),
        Column("Mức độ dịch vụ công trực tuyến", ("online", "level"), 24),
        Column("Đủ điều kiện toàn trình", ("online", "eligible_for_full"), 10),
        Column("Có phí, lệ phí", ("has_fee",), 10),
        Column("Từ khóa tìm kiếm", ("keywords",), 30),
        Column("Biểu mẫu điện tử (JSON)", ("form_schema",), 40),
    ),
)
COMPONENTS_SHEET = Sheet(
    "Thành phần hồ sơ",
    (
        *_VERSION_KEY,
        Column("Số thứ tự", ("order",), 8),
        Column("Tên giấy tờ", ("name",), 60),
        Column("Bản chính, bản sao", ("copy",), 24),
        Column("Số lượng", ("copies",), 8),
        Column("Bắt buộc", ("required",), 8),
        Column("Ghi chú", ("note",), 30),
        Column("Mẫu đơn, tờ khai", ("form", "name"), 30),
        Column("Địa chỉ tải mẫu", ("form", "url"), 30),
        Column("Thay bằng biểu mẫu điện tử", ("eform",), 10),
    ),
    child_list="components",
)
FEES_SHEET = Sheet(
    "Phí lệ phí",
    (
        *_VERSION_KEY,
        Column("Số thứ tự", ("order",), 8),
        Column("Loại", ("kind",), 10),
        Column("Trường hợp", ("case",), 50),
        Column("Mức thu (đồng)", ("amount",), 14),
        Column("Ghi chú", ("note",), 40),
    ),
    child_list="fees",
)
PROCESS_SHEET = Sheet(
    "Quy trình nội bộ",
    (
        *_VERSION_KEY,
        Column("Bước", ("order",), 8),
        Column("Nội dung công việc", ("name",), 50),
        Column("Vai trò thực hiện", ("role",), 28),
        Column("Đơn vị thực hiện", ("unit",), 24),
        Column("Thời gian", ("duration",), 10),
        Column("Đơn vị thời gian", ("duration_unit",), 14),
        Column("Song song với bước trước", ("parallel",), 10),
    ),
    child_list="process",
)
CHILD_SHEETS = (COMPONENTS_SHEET, FEES_SHEET, PROCESS_SHEET)
SHEETS = (FIELDS_SHEET, PROCEDURES_SHEET, *CHILD_SHEETS)
