"""Events besides the set-up every test starts with (tests/conftest.py loads the city's
行政区划 file, the 2019 terms and the 2019 catalogue through the services, which record them)."""

from __future__ import annotations

from zizhu.core.models import Event

SETUP_ACTIONS = ("registry.region_load", "registry.term_add", "aid.catalogue_load")


def events_besides_setup() -> int:
    return Event.objects.exclude(action__in=SETUP_ACTIONS).count()
