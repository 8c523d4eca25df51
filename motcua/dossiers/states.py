"""The internal states of a dossier and their national status codes (TrangThaiHoSo of the
national public-service portal, domain spec §1.2).

The internal states are a superset of the national statuses: several internal states report
the same national code (everything between transfer and the decision is 4, "Đang xử lý").
The code is derived from the state here, never stored beside it. The transitions between
states live in `lifecycle.py`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for the check")
    SUPPLEMENT_AT_INTAKE = "supplement_at_intake", _("Supplement requested at intake")
    REFUSED = "refused", _("Refused at intake")
    RECEIVED = "received", _("Received")
    TRANSFERRED = "transferred", _("Transferred to the competent agency")
    IN_REVIEW = "in_review", _("In review")
    CONSULTING = "consulting", _("Consulting other agencies")
    SUPPLEMENT_IN_PROCESS = "supplement_in_process", _("Supplement requested during processing")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for the financial obligation")
    AWAITING_DECISION = "awaiting_decision", _("Waiting for the leader's decision")
    APPROVED = "approved", _("Approved, result being issued")
    REJECTED = "rejected", _("Rejected on the merits")
    RESULT_READY = "result_ready", _("Result ready for return")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Applicant asked to withdraw")
    STOPPED = "stopped", _("Processing stopped")
    RETURNED = "returned", _("Result returned")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def national_code(self) -> int | None:
        """The national status code (1 to 10), or None for a state the national portal does
        not know (a draft nobody submitted, an administrative cancellation)."""
        return NATIONAL_STATUS[self]


# Drafts are not registrations yet, and cancelled entries (duplicates, submissions never
# completed) are voided without a national status: neither is reported.
NATIONAL_STATUS: dict[State, int | None] = {
    State.DRAFT: None,
    State.SUBMITTED: 1,
    State.SUPPLEMENT_AT_INTAKE: 5,
    State.REFUSED: 3,
    State.RECEIVED: 2,
    State.TRANSFERRED: 4,
    State.IN_REVIEW: 4,
    State.CONSULTING: 4,
    State.SUPPLEMENT_IN_PROCESS: 5,
    State.AWAITING_PAYMENT: 6,
    State.AWAITING_DECISION: 4,
    State.APPROVED: 4,
    State.REJECTED: 9,
    State.RESULT_READY: 9,
    State.WITHDRAWAL_REQUESTED: 7,
    State.STOPPED: 8,
    State.RETURNED: 10,
    State.CANCELLED: None,
}

NATIONAL_STATUS_NAMES: dict[int, str] = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}


def states_with_national_code(code: int) -> list[State]:
    """The internal states reported under a national status code (for filters and sync)."""
    return [state for state, national in NATIONAL_STATUS.items() if national == code]


# A received dossier whose processing has not ended: the appointment clock runs (or is
# paused) and "due soon" / "overdue" apply.
OPEN_STATES = frozenset(
    {
        State.RECEIVED,
        State.TRANSFERRED,
        State.IN_REVIEW,
        State.CONSULTING,
        State.SUPPLEMENT_IN_PROCESS,
        State.AWAITING_PAYMENT,
        State.AWAITING_DECISION,
        State.APPROVED,
        State.WITHDRAWAL_REQUESTED,
    }
)
# Processing has ended (§4.4): the first of these reached sets `finished_at`.
FINISHED_STATES = frozenset({State.REJECTED, State.RESULT_READY, State.STOPPED, State.RETURNED})
