"""Seed Zhanjiang's counties and the 2019 terms (spec/policy-2019.md)."""

import datetime as dt

from django.db import migrations

COUNTIES = {
    "440802": "赤坎区",
    "440803": "霞山区",
    "440804": "坡头区",
    "440811": "麻章区",
    "440823": "遂溪县",
    "440825": "徐闻县",
    "440881": "廉江市",
    "440882": "雷州市",
    "440883": "吴川市",
}
# Payment due dates: the end of each semester's aid month window, after which unpaid is overdue.
TERMS = [
    ("2019-1", "2019年春季学期", 2019, 1, dt.date(2019, 3, 1), dt.date(2019, 6, 30)),
    ("2019-2", "2019年秋季学期", 2019, 2, dt.date(2019, 9, 1), dt.date(2019, 12, 31)),
]


def forwards(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    Term = apps.get_model("registry", "Term")
    for code, name in COUNTIES.items():
        Region.objects.update_or_create(code=code, defaults={"name": name})
    for code, name, year, half, reference, due in TERMS:
        Term.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "year": year,
                "half": half,
                "reference_date": reference,
                "payment_due_date": due,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
