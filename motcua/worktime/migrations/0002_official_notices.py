from django.db import migrations

from motcua.worktime.official_notices import NOTICES, install


def add_notices(apps, schema_editor):
    install(apps.get_model("worktime", "Notice"), apps.get_model("worktime", "NoticeDay"))


def remove_notices(apps, schema_editor):
    Notice = apps.get_model("worktime", "Notice")
    for data in NOTICES:
        Notice.objects.filter(
            year=data["year"], title=data["title"], level="national", unit_code=""
        ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("worktime", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_notices, remove_notices),
    ]
