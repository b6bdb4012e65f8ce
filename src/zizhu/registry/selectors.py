"""The registry's reads that other areas may use."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Collate

from zizhu.core.scope import Scope
from zizhu.registry._payee import Payee

# Places and terms (re-exported as this area's selectors).
from zizhu.registry._places import REGION_HINT as REGION_HINT
from zizhu.registry._places import TERM_HINT as TERM_HINT
from zizhu.registry._places import CityFacts as CityFacts
from zizhu.registry._places import TermFacts as TermFacts
from zizhu.registry._places import administered_county_codes as administered_county_codes
from zizhu.registry._places import city_of as city_of
from zizhu.registry._places import city_required as city_required
from zizhu.registry._places import county_codes_required as county_codes_required
from zizhu.registry._places import county_names as county_names
from zizhu.registry._places import known_term_codes as known_term_codes
from zizhu.registry._places import term_facts as term_facts
from zizhu.registry._places import term_list as term_list
from zizhu.registry.banks import BANKS
from zizhu.registry.constants import EnrolmentStatus
from zizhu.registry.models import Enrolment, Person, Term

# Reads for the web pages. `scope` is the acting user's jurisdiction; a record outside it is
# not found, exactly as if it did not exist.


def term_codes() -> list[str]:
    """Every known term code, oldest first."""
    return list(Term.objects.order_by("code").values_list("code", flat=True))


def latest_enrolled_term() -> str | None:
    """The newest term with any enrolment: the dashboard's current term."""
    latest = Enrolment.objects.order_by("-term_id").values_list("term_id", flat=True).first()
    if latest:
        return str(latest)
    codes = term_codes()
    return codes[-1] if codes else None


@dataclass(frozen=True)
class SchoolRow:
    code: str
    name: str
    county_code: str
    stages: str
    ownership: str


def school_rows(*, scope: Scope, query: str = "") -> list[SchoolRow]:
    from zizhu.registry.models import School

    rows = School.objects.filter(scope.q(county="county_code", school="code"))
    if query:
        rows = rows.filter(code__startswith=query) | rows.filter(name__contains=query)
    return [
        SchoolRow(s.code, s.name, s.county_code, s.stages, s.ownership) for s in rows.order_by()
    ]


def school_counties(*, codes: set[str]) -> dict[str, str]:
    """The county of each known school among `codes`."""
    from zizhu.registry.models import School

    return dict(School.objects.filter(code__in=codes).values_list("code", "county_code"))


def school_names(*, codes: Collection[str]) -> dict[str, str]:
    """The name of each known school among `codes` (schools are reference data: a name is
    no one's personal record)."""
    from zizhu.registry.models import School

    return dict(School.objects.filter(code__in=list(codes)).values_list("code", "name"))


def person_ids(*, id_numbers: Collection[str]) -> dict[str, int]:
    """The people with these ID numbers (one each at most), by ID number."""
    found = Person.objects.filter(id_number__in=list(id_numbers)).values_list("id_number", "pk")
    return {number: pk for number, pk in found if number is not None}


def _enrolments_in_scope(scope: Scope) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(scope.q(county="admin_county_id"))


def person_in_scope(*, scope: Scope, person_id: int, term: str | None = None) -> bool:
    """Whether the person has an enrolment in scope (of `term`, where given): the test other
    areas apply before they show a person's records."""
    rows = _enrolments_in_scope(scope).filter(person_id=person_id)
    if term:
        rows = rows.filter(term_id=term)
    return rows.exists()


@dataclass(frozen=True)
class StudentRow:
    person_id: int
    name: str
    id_number: str | None
    student_no: str | None
    school_code: str
    school_name: str
    term: str


@dataclass(frozen=True)
class StudentPage:
    total: int  # counted up to SEARCH_LIMIT + 1 only: see `more`
    rows: list[StudentRow]

    @property
    def more(self) -> bool:
        """More students match than are counted: the caller should ask for a narrower query."""
        return self.total > SEARCH_LIMIT


# A search is counted up to this many students: beyond it nobody pages through the list, and
# counting every 李 in a city (a hundred thousand) costs more than the page itself.
SEARCH_LIMIT = 500


def student_search(
    *,
    scope: Scope,
    query: str,
    id_prefix: bool,
    term: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> StudentPage:
    """Students with an enrolment in scope whose name, ID number or 学籍号 begins with `query`,
    one row per person, showing the newest enrolment in scope. A query that begins with a digit
    is an ID number, with G, J or L a 学籍号 (`G` + ID number), else a name, matched against the
    name the person was first registered with. Only the first SEARCH_LIMIT + 1 are counted.

    `id_prefix`: whether the asker sees ID numbers whole. One who sees them masked finds a
    student by a whole ID number or 学籍号 only: a prefix search, narrowed a digit at a time,
    would unmask any ID number."""
    limit = max(0, min(limit, SEARCH_LIMIT - offset))
    in_scope = _enrolments_in_scope(scope)
    if term:
        in_scope = in_scope.filter(term_id=term)
    people, key = _people_matching(query.strip(), id_prefix=id_prefix)
    school = scope.school
    if school:
        # A school's few thousand enrolments are found through the unique (term, school,
        # person) index; walking the city's people instead would probe each of them.
        terms = [term] if term else list(Term.objects.values_list("code", flat=True))
        people = people.filter(pk__in=in_scope.filter(term_id__in=terms).values("person_id"))
    else:
        people = people.filter(Exists(in_scope.filter(person_id=OuterRef("pk"))))
    # Both in the index's order, so that the database reads matches off the index and stops
    # at the limit; unordered, PostgreSQL walked the people in id order instead.
    # One walk serves the count and the page: the page lies within the first SEARCH_LIMIT
    # (limit is cut to it above), so the ids counted hold it; two walks cost twice.
    counted = list(people.order_by(key, "pk").values_list("pk", flat=True)[: SEARCH_LIMIT + 1])
    total, page_ids = len(counted), counted[offset : offset + limit]
    newest: dict[int, StudentRow] = {}
    for person_id, name, id_number, own_no, roster_no, school_code, school_name, term_code in (
        _enrolments_in_scope(scope)
        .filter(person_id__in=page_ids)
        .order_by("person_id", "term_id")
        .values_list(
            "person_id", "name", "person__id_number", "person__student_no", "student_no",
            "school_id", "school__name", "term_id",
        )
    ):  # fmt: skip
        newest[person_id] = StudentRow(
            person_id, name, id_number, own_no or roster_no, school_code, school_name, term_code
        )
    return StudentPage(total=total, rows=[newest[p] for p in page_ids if p in newest])


def _people_matching(query: str, *, id_prefix: bool) -> tuple[QuerySet[Person], F | Collate]:
    """People whose name, ID number or 学籍号 begins with `query` (an ID number or 学籍号 only
    whole unless `id_prefix`), and the key to order them by: the column matched, in binary
    order, as its index (migrations 0006 and 0008) holds it. A prefix is then a range: from
    the prefix up to the prefix followed by the last code point."""
    if not query:
        return Person.objects.all(), F("pk")
    code = query.upper()
    if code[0].isdigit():
        field, text = "id_number", code
    elif code[0] == "G" and code[1:2].isdigit():
        # A formal 学籍号 is 'G' + the ID number the student was registered with.
        field, text = "id_number", code[1:]
    elif code[0] in "JL" and code[1:2].isdigit():
        # Students without an ID number are known by their 学籍号 alone.
        field, text = "student_no", code
    else:
        field, text = "name", query
    # SQLite compares text in binary order already; PostgreSQL in the database's collation.
    key = Collate(F(field), "C") if connection.vendor == "postgresql" else F(field)
    if field != "name" and not id_prefix:
        return Person.objects.alias(search_key=key).filter(search_key=text), key
    people = Person.objects.alias(search_key=key).filter(
        search_key__gte=text, search_key__lt=text + "\U0010ffff"
    )
    return people, key


@dataclass(frozen=True)
class EnrolmentRow:
    term: str
    school_code: str
    school_name: str
    admin_county: str
    student_no: str
    name: str
    stage: str
    grade: int
    class_name: str
    boarding: bool
    status: str
    on_roster: bool
    account_no: str
    bank: str
    payee_name: str


@dataclass(frozen=True)
class StudentProfile:
    person_id: int
    name: str
    id_number: str | None
    student_no: str | None
    enrolments: list[EnrolmentRow]


def student_profile(*, scope: Scope, person_id: int) -> StudentProfile | None:
    """A person and the enrolments in scope; None when no enrolment of theirs is in scope."""
    from zizhu.registry.models import Person

    enrolments = list(
        _enrolments_in_scope(scope)
        .filter(person_id=person_id)
        .select_related("school")
        .order_by("-term_id", "school_id")
    )
    if not enrolments:
        return None
    person = Person.objects.get(pk=person_id)
    return StudentProfile(
        person_id=person.pk,
        name=person.name,
        id_number=person.id_number,
        student_no=person.student_no,
        enrolments=[
            EnrolmentRow(
                e.term_id,
                e.school_id,
                e.school.name,
                e.admin_county_id,
                e.student_no,
                e.name,
                e.stage,
                e.grade,
                e.class_name,
                e.boarding,
                e.status,
                e.on_roster,
                e.account_no,
                e.bank,
                e.payee_name,
            )  # fmt: skip
            for e in enrolments
        ],
    )


def payee_enrolment(*, scope: Scope, person_id: int, term: str, school: str) -> int | None:
    """The id of the person's enrolment at `school` in `term`, if it lies in the scope; None
    otherwise."""
    rows = _enrolments_in_scope(scope).filter(person_id=person_id, term_id=term, school_id=school)
    return rows.values_list("pk", flat=True).first()


@dataclass(frozen=True)
class EnrolmentPayee:
    """The payee in force for one enrolment, as a correction starts from it."""

    enrolment_id: int
    person_id: int
    term: str
    school_code: str
    school_name: str
    student_name: str
    student_id_number: str | None
    payee: Payee  # payee.token names it for the confirmation


def enrolment_payee(*, scope: Scope, enrolment_id: int) -> EnrolmentPayee | None:
    """The enrolment's payee, if the enrolment lies in the scope; None otherwise."""
    e = (
        _enrolments_in_scope(scope)
        .select_related("school", "person")
        .filter(pk=enrolment_id)
        .first()
    )
    if e is None:
        return None
    return EnrolmentPayee(
        enrolment_id=e.pk, person_id=e.person_id, term=e.term_id, school_code=e.school_id,
        school_name=e.school.name, student_name=e.name, student_id_number=e.person.id_number,
        payee=Payee(e.payee_name, e.payee_id_number, e.account_no, e.bank),
    )  # fmt: skip


def bank_names() -> list[str]:
    """The banks a payee account may be corrected to (registry.banks)."""
    return list(BANKS)


# Reads behind an audit finding: the students and schools it concerns, for the page's few
# findings at once.


@dataclass(frozen=True)
class LinkedEnrolment:
    """A student on the roll of a school in a term, as a finding links to it. Outside the
    asker's scope only the school is named: name is "" and the person is not to be linked."""

    person_id: int
    name: str
    school_code: str
    school_name: str
    county: str
    in_scope: bool


def _linked(scope: Scope, rows: QuerySet[Enrolment]) -> list[tuple[str, LinkedEnrolment]]:
    """(account, enrolment) of 在读 enrolments on the roster, read in one query."""
    found = rows.filter(on_roster=True, status=EnrolmentStatus.ENROLLED).values_list(
        "account_no", "person_id", "name", "school_id", "school__name", "admin_county_id"
    )
    linked = []
    for account, person_id, name, school, school_name, county in found.order_by("school_id"):
        inside = scope.covers(county=county, school=school)
        linked.append((account, LinkedEnrolment(person_id, name if inside else "", school,
                                                school_name, county, inside)))  # fmt: skip
    return linked


def term_enrolments(
    *, scope: Scope, term: str, person_ids: Collection[int]
) -> dict[int, list[LinkedEnrolment]]:
    """Each person's 在读 enrolments of the term, every school named (一人多籍)."""
    scope.students_required()
    found: dict[int, list[LinkedEnrolment]] = {}
    rows = Enrolment.objects.filter(term_id=term, person_id__in=list(person_ids))
    for _, enrolment in _linked(scope, rows):
        found.setdefault(enrolment.person_id, []).append(enrolment)
    return found


def account_sharers(
    *, scope: Scope, term: str, person_ids: Collection[int]
) -> dict[int, list[LinkedEnrolment]]:
    """For each person, the other students 在读 in the term whose payee account is one of
    theirs: two queries, through the (account, term) index."""
    scope.students_required()
    own = Enrolment.objects.filter(
        term_id=term,
        person_id__in=list(person_ids),
        on_roster=True,
        status=EnrolmentStatus.ENROLLED,
    ).exclude(account_no="")
    accounts: dict[str, set[int]] = {}
    for person_id, account in own.values_list("person_id", "account_no"):
        accounts.setdefault(account, set()).add(person_id)
    found: dict[int, list[LinkedEnrolment]] = {}
    rows = Enrolment.objects.filter(term_id=term, account_no__in=list(accounts))
    for account, other in _linked(scope, rows):
        for person_id in accounts[account]:
            if other.person_id != person_id:
                found.setdefault(person_id, []).append(other)
    return found


def people_in_scope(*, scope: Scope, term: str, person_ids: Collection[int]) -> set[int]:
    """Those of the people with an enrolment of the term in scope."""
    rows = _enrolments_in_scope(scope).filter(term_id=term, person_id__in=list(person_ids))
    return set(rows.values_list("person_id", flat=True))
