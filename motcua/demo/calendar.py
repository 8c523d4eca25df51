"""Demo calendar rows on top of the national notices that every installation ships.

Two illustrative local settings, so that the demo shows what the calendar layering does:
the provincial service centre also receives dossiers on Saturday mornings, and one commune
has a local day off for its festival. Both are demo data, not the province's decisions.
"""

import datetime
from collections.abc import Callable

from motcua.worktime import services
from motcua.worktime.models import Notice, NoticeLevel, OfficeHours

SERVICE_CENTRE = "000.03.01.H41"  # Trung tâm Phục vụ hành chính công tỉnh Nghệ An
KIM_LIEN = "000.00.65.H41"  # Xã Kim Liên
FESTIVAL_TITLE = "Nghỉ Lễ hội Làng Sen năm 2026 (dữ liệu minh họa)"
FESTIVAL_DAY = datetime.date(2026, 5, 19)


def build(out: Callable[[str], None]) -> None:
    if not OfficeHours.objects.filter(unit_code=SERVICE_CENTRE).exists():
        services.set_office_hours(unit_code=SERVICE_CENTRE, saturday_morning_receiving=True)
    if not Notice.objects.filter(unit_code=KIM_LIEN, title=FESTIVAL_TITLE).exists():
        services.publish_notice(
            year=FESTIVAL_DAY.year,
            title=FESTIVAL_TITLE,
            level=NoticeLevel.LOCAL,
            unit_code=KIM_LIEN,
            days_off=[(FESTIVAL_DAY, "Lễ hội Làng Sen")],
        )
