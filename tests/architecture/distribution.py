"""How every table of the schema would sit on a distributed PostgreSQL (Citus), one county per
shard group (docs/scaling.md, "If a province insists on one database").

`TABLES` classifies every model's table (tests/architecture/test_distribution.py fails on a
table it does not name, so a new table must be classified here):

- `Reference`: small, copied to every node; joining it is free.
- `Distributed(key)`: split on `key`, a column the table has. Tables of one `group` whose keys
  hold the same values are co-located: a join that equates their keys stays on one node. The
  county group's keys all hold a county code; `registry_person` is option (b) of the document,
  hashed on its own id; `core_event` on its own id.
- `ByParent(fk, parent)`: no key column of its own yet; its rows belong with the parent row
  `fk` points to, whose key they would get copied in (a migration, not made yet). Until then a
  statement is co-located only when it joins the child to its parent (`child.fk = parent.id`).
- `Unkeyed(to_add)`: distributed, but neither the key nor a parent that carries it is in the
  schema; every statement on it crosses shards until the key is added.
- `Local`: the coordinator's own (Django's accounts, sessions, login guard, the web's jobs):
  never joined with students' rows in SQL.

`EXEMPT` lists the statements that break the rule on purpose or for now, each with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTY = "county"  # the group of tables split on a county code
PERSON = "person"  # option (b): people, and what is kept per person, hashed on the person
EVENT = "event"


@dataclass(frozen=True)
class Reference:
    why: str


@dataclass(frozen=True)
class Local:
    why: str


@dataclass(frozen=True)
class Distributed:
    key: str
    group: str = COUNTY


@dataclass(frozen=True)
class ByParent:
    fk: str
    parent: str
    parent_pk: str = "id"


@dataclass(frozen=True)
class Unkeyed:
    to_add: str


Kind = Reference | Local | Distributed | ByParent | Unkeyed

_PLACES = "a few hundred rows: the city, its counties, terms, schools"
_POLICY = "the loaded policy: a few versions a year"
_DJANGO = "Django's own, read by the framework only"

TABLES: dict[str, Kind] = {
    # Reference: small, the same for every county.
    "registry_city": Reference(_PLACES),
    "registry_region": Reference(_PLACES),
    "registry_term": Reference(_PLACES),
    "registry_school": Reference(_PLACES),
    "registry_schoolfee": Reference("one fee per school and term it changes"),
    "aid_catalogueversion": Reference(_POLICY),
    "aid_catalogueterm": Reference(_POLICY),
    "loans_loancap": Reference("a cap per level and year"),
    # Officers' word that two names are one person, keyed by the ID number and the two
    # names (a few hundred a year), read while a list of any county is matched.
    "hardship_nameconfirmation": Reference("a few hundred officers' confirmations"),
    # The county group: every row is one county's.
    "registry_enrolment": Distributed("admin_county_id"),
    "aid_entitlement": Distributed("county_id"),
    "aid_approval": Distributed("county_id"),
    "aid_publicity": Distributed("county_id"),
    "aid_listchange": Distributed("county_id"),
    "aid_sendback": Distributed("county_id"),
    "payments_paymentbatch": Distributed("county_id"),
    "sources_sourcelist": Distributed("county_id"),
    "audit_finding": Distributed("county"),  # a code, not a foreign key; "" for none
    "loans_loan": Distributed("hukou_code"),  # the county that handles the loan
    # With their parent: the parent's county to be copied in.
    "registry_rosterchange": ByParent("enrolment_id", "registry_enrolment"),
    "aid_entitlementevidence": ByParent("entitlement_id", "aid_entitlement"),
    "payments_payment": ByParent("batch_id", "payments_paymentbatch"),
    "sources_sourcerecord": ByParent("source_list_id", "sources_sourcelist"),
    "audit_findingnote": ByParent("finding_id", "audit_finding"),
    # A category and a name mismatch come from one list record, of one county's list.
    "hardship_studentcategory": ByParent("source_record_id", "sources_sourcerecord"),
    "hardship_namemismatch": ByParent("source_record_id", "sources_sourcerecord"),
    # Kept per (term, person) or per (term, school, person), with no county in the row.
    "hardship_studenthardship": Unkeyed(
        "admin_county_id of the enrolment the level was worked out for"
    ),
    "sources_hardshipassessment": Unkeyed("the school's county (registry_school.county_code)"),
    # The hard one: one row per person, too many for a reference table (option (b)).
    "registry_person": Distributed("id", PERSON),
    # The append-only log, hashed on its id: read by id, never joined on a county.
    "core_event": Distributed("id", EVENT),
    # The coordinator's own.
    "auth_group": Local(_DJANGO),
    "auth_group_permissions": Local(_DJANGO),
    "auth_permission": Local(_DJANGO),
    "auth_user": Local(_DJANGO),
    "auth_user_groups": Local(_DJANGO),
    "auth_user_user_permissions": Local(_DJANGO),
    "django_content_type": Local(_DJANGO),
    "django_session": Local(_DJANGO),
    "django_tasks_database_dbtaskresult": Local("the queue of background jobs"),
    "axes_accessattempt": Local("the login guard (django-axes)"),
    "axes_accessattemptexpiration": Local("the login guard (django-axes)"),
    "axes_accessfailurelog": Local("the login guard (django-axes)"),
    "axes_accesslog": Local("the login guard (django-axes)"),
    "web_membership": Local("who may see what: read with the user, by the web"),
    "web_job": Local("the web's background jobs"),
    "web_logintry": Local("the web's login throttle"),
}
