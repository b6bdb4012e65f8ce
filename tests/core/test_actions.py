"""The audit trail's vocabulary: every action a service records has its Chinese name, and
the trail finds a user whatever door they came through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zizhu
from zizhu.core.actions import Action, action_words, actor_words, field_words
from zizhu.core.models import Event
from zizhu.core.selectors import event_rows

SOURCE = Path(zizhu.__file__).parent
RECORDED = re.compile(r'action=(f?)"([a-z_]+\.[a-z_{}.]+)"')


def recorded_actions() -> tuple[set[str], set[str]]:
    """The actions the code records: those written out, and those made from a value (an
    import's, made from its kind)."""
    written, made = set(), set()
    for path in SOURCE.rglob("*.py"):
        for is_format, action in RECORDED.findall(path.read_text(encoding="utf-8")):
            (made if is_format else written).add(action)
    return written, made


def test_every_action_the_code_records_has_a_chinese_name():
    written, made = recorded_actions()
    assert {"aid.approve", "web.login", "audit.hand"} <= written
    assert written - set(Action.values) == set()
    # Imports are named after their kinds, whichever the areas declare.
    assert made == {"import.{kind.code}", "import.refused.{kind}"}
    imports = {"students": "学生名册"}
    assert action_words("import.students", imports=imports) == "导入学生名册"
    assert action_words("import.refused.students", imports=imports) == "导入被拒绝：学生名册"
    assert action_words("aid.approve", imports={}) == "审批名单"
    assert action_words("web.login", imports={}) == "登录"


def test_an_actor_is_named_by_the_user_and_the_door_when_not_the_web():
    assert actor_words("web:county881") == "county881"
    assert actor_words("cli:root") == "root（命令行）"
    assert actor_words("demo:区县资助中心") == "区县资助中心（演示）"
    assert actor_words("test") == "test"
    assert field_words("accepted") == "接受" and field_words("enrolment") is None


@pytest.mark.django_db
def test_the_trail_finds_a_user_whatever_the_prefix_and_masks_old_events():
    for actor in ("web:county881", "cli:county881", "web:county8", "web:xcounty881", "cli:root"):
        Event.objects.create(actor=actor, action="web.login")
    whole_id, account = "440802200801011236", "6217000000000012345"
    Event.objects.create(actor="cli:root", action="hardship.name_confirm", subject=whole_id,
                         detail={"note": f"{whole_id} {account}", "ids": [whole_id]})  # fmt: skip
    actors = {r.actor for r in event_rows(actor="county881").rows}
    assert actors == {"web:county881", "cli:county881"}
    assert {r.actor for r in event_rows(actor="county8").rows} == {
        "web:county881", "cli:county881", "web:county8"
    }  # fmt: skip
    assert {r.actor for r in event_rows(actor="cli:").rows} == {"cli:county881", "cli:root"}
    (confirm,) = event_rows(action="hardship.name_confirm").rows
    assert confirm.subject == "440802********1236"
    assert whole_id not in str(confirm.detail) and account not in str(confirm.detail)
    assert event_rows(action="web.").total == 5  # the beginning of actions still works
