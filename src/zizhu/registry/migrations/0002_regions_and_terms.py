"""Once seeded one city's counties and terms; now does nothing.

Places and terms are data an operator loads (`zizhu region load`, `zizhu term add`), so a new
database starts empty. The migration stays, doing nothing, so that databases which applied it
keep the rows it wrote and their migration history stays whole.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
