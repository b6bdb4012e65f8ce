"""Findings through the pages: a county hands one to a school, the school answers, the
county resolves, and every role that sees findings finds it in the resolved view with who,
when and why; nobody hands, answers or resolves outside their own. The audit trail finds a
user whatever the door, and speaks Chinese."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.web.conftest import SCHOOL_A, SCHOOL_B, SCHOOL_C, PaidCity, client_for
from zizhu.audit.models import Finding, FindingNote
from zizhu.core.models import Event
from zizhu.registry.models import Person

FINDINGS = reverse("web:findings") + "?term=2019-2"


def snapshot() -> tuple[object, ...]:
    findings = list(Finding.objects.order_by("pk").values_list(
        "pk", "status", "handed_school", "resolved_by", "resolution_note"))  # fmt: skip
    notes = list(FindingNote.objects.order_by("pk").values_list("pk", "kind", "note"))
    return findings, notes, Event.objects.exclude(action="web.login").count()


def hand(paid_city: PaidCity, school: str = SCHOOL_A, user: str = "county_in") -> int:
    url = reverse("web:finding_hand", args=[paid_city.finding_a])
    return client_for(user).post(url, {"school": school, "note": "请核实姓名"}).status_code


def test_a_finding_goes_to_a_school_and_back_and_stays_visible_once_resolved(
    paid_city: PaidCity,
):
    detail = reverse("web:finding", args=[paid_city.finding_a])
    county, school = client_for("county_in"), client_for("school_in")
    assert paid_city.finding_a not in _ids(school.get(FINDINGS).content.decode())
    assert school.get(detail).status_code == 404  # not handed yet
    assert hand(paid_city) == 302
    assert _ids(school.get(FINDINGS).content.decode()) == [paid_city.finding_a]
    page = school.get(detail).content.decode()
    assert "请核实姓名" in page and 'id="answer-form"' in page and 'id="resolve-form"' not in page
    school.post(reverse("web:finding_answer", args=[paid_city.finding_a]),
                {"note": "部门名单写错了字"})  # fmt: skip
    assert "部门名单写错了字" in county.get(detail).content.decode()
    county.post(reverse("web:finding_resolve", args=[paid_city.finding_a]),
                {"note": "已请扶贫办更正", "from": "finding"})  # fmt: skip
    for user in ("county_in", "city", "auditor", "school_in"):
        resolved = client_for(user).get(FINDINGS + "&state=RESOLVED").content.decode()
        assert paid_city.finding_a in _ids(resolved), user
        assert "county_in" in resolved and "已请扶贫办更正" in resolved, user
        assert "web:county_in" not in resolved
        opened = client_for(user).get(FINDINGS).content.decode()
        assert paid_city.finding_a not in _ids(opened), user
    history = client_for("auditor").get(detail).content.decode()
    for said in ("请核实姓名", "部门名单写错了字", "已请扶贫办更正", "交学校核查", "学校答复"):
        assert said in history


def _ids(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="finding-(\d+)">', page)]


def test_handing_another_countys_finding_or_to_another_countys_school_changes_nothing(
    paid_city: PaidCity,
):
    before = snapshot()
    assert hand(paid_city, user="county_out") == 404
    assert hand(paid_city, user="school_in") == 403
    assert hand(paid_city, user="auditor") == 403
    county = client_for("county_in")
    url = reverse("web:finding_hand", args=[paid_city.finding_a])
    # Another county's school; a school of the county she is not on the roll of.
    for school in (SCHOOL_C, SCHOOL_B):
        refused = county.post(url, {"school": school, "note": "请核实"}, follow=True)
        assert "未交办" in refused.content.decode()
    assert snapshot() == before


def test_a_school_cannot_answer_or_resolve_a_finding_not_handed_to_it(paid_city: PaidCity):
    answer = reverse("web:finding_answer", args=[paid_city.finding_a])
    resolve = reverse("web:finding_resolve", args=[paid_city.finding_a])
    before = snapshot()
    assert client_for("school_in").post(answer, {"note": "答复"}).status_code == 404
    hand(paid_city)
    handed = snapshot()
    assert client_for("school_out").post(answer, {"note": "答复"}).status_code == 404
    assert client_for("school_out").post(resolve, {"note": "处理"}).status_code == 403
    assert client_for("school_in").post(resolve, {"note": "处理"}).status_code == 403
    assert client_for("county_in").post(answer, {"note": "答复"}).status_code == 403
    assert client_for("school_in").post(answer, {"note": "答" * 100_000}).status_code == 302
    assert snapshot() == handed and snapshot() != before


def test_the_views_filter_by_state_and_refuse_a_state_that_does_not_exist(paid_city: PaidCity):
    county = client_for("county_in")
    assert county.get(FINDINGS + "&state=ALL").status_code == 200
    assert county.get(FINDINGS + "&state=CLEARED").status_code == 200
    assert county.get(FINDINGS + "&state=NOPE").status_code == 404


def test_findings_show_codes_as_words_and_link_what_they_concern(paid_city: PaidCity):
    page = client_for("county_in").get(FINDINGS).content.decode()
    assert "姓名不一致待核" in page and "账户共用异常" in page
    # 陈小红's list record, held for review, and the other students on the shared account.
    assert "待核名单记录" in page and "同一收款账号的其他在读学生" in page
    assert "另有 1 名在其他辖区" in page  # 王芳, of county 440803: counted, not named
    assert "王芳" not in page


def test_the_audit_trail_finds_a_user_whatever_the_door_in_words_and_masked(
    paid_city: PaidCity,
):
    hand(paid_city)
    person = Person.objects.get(pk=paid_city.student_a)
    whole = str(person.id_number)
    Event.objects.create(actor="cli:root", action="hardship.name_confirm", subject=whole,
                         detail={"note": f"核对 {whole}"})  # fmt: skip
    city = client_for("city")
    trail = reverse("web:audit_trail")
    found = city.get(trail + "?actor=county_in").content.decode()
    assert "审计问题交学校核查" in found and "county_in" in found and "web:" not in found
    assert "共 0 条" not in found
    assert "cli:root" not in found
    everything = city.get(trail).content.decode()
    assert str(person.id_number) not in everything
    assert "root（命令行）" in everything and "确认姓名不一致为同一人" in everything
    for code in ("web.login", "audit.hand", "hardship.name_confirm"):
        assert code not in re.sub(r"<select.*?</select>", "", everything, flags=re.S)
    chosen = city.get(trail + "?action=audit.hand").content.decode()
    assert "共 1 条" in chosen
