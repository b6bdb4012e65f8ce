"""The statements that break the shard rule (tests/architecture/shard_rule.py), each with why.

Keyed by where the statement is written (`path:function`, or `path:TEMPLATE` for a module-level
one) and the kind of breach; one entry covers every statement of that kind in that place.
tests/architecture/test_distribution.py fails on a breach not listed here and on an entry no
longer needed. Application SQL was not rewritten to fit (issue 15 item 4): the entries say what
would. docs/scaling.md sums them up.
"""

from __future__ import annotations

# Why, in a few words each; a reason is one of these, sometimes with a note.
CITY = (
    "city-wide by design: every county's rows at once, each node working its own,"
    " then a sum of sums (a two-stage aggregate)"
)
AUDIT = "the audit is the city's (it refuses a narrower scope): a fan-out once a term"
DUPLICATE = (
    "duplicate check across counties (one person or account twice in a term): the one"
    " repartition join, keyed by person, once a term"
)
SAME_COUNTY = (
    "rows tied by id (an entitlement and its enrolment, approval or payments) are one"
    " county's by construction, but the join does not say so: co-located once it also"
    " equates the county keys (a one-line change)"
)
BY_ID = (
    "one parent's rows looked up by its id (a batch, an approval, a list, an event): one"
    " node once the parent's county is copied in and bound too"
)
STAGING = (
    "a bulk step: a staging table on the coordinator names the rows and the statement does"
    " not bind the county the step works, so every node answers; it routes once it does"
)
PERSON = (
    "keyed by person, not by county: the hardship level, categories and the register of"
    " people are per person and matched by ID number; a real cross-shard join until the"
    " county is copied in (docs/scaling.md, registry_person)"
)
ASSESSMENT = (
    "sources_hardshipassessment has no county (keyed by term, school, person): the"
    " school's county to be copied in"
)
LOANS = (
    "loans are matched by contract and ID number, which do not carry the county: the"
    " import would route if it bound the file's county (hukou_code)"
)
FRAGMENT = (
    "a template or fragment read alone; the statements built from it are checked (and"
    " listed) where they are written"
)

EXEMPT: dict[tuple[str, str], str] = {
    # aid
    ("zizhu/aid/_approve.py:_approve_list", "fan-out"): BY_ID + " (an approval's sum)",
    ("zizhu/aid/_approve.py:_freeze_evidence", "repartition"): PERSON,
    ("zizhu/aid/_cap_sql.py:cap_apply", "fan-out"): (
        "the year's cap is per person across terms and counties: keyed by person"
    ),
    ("zizhu/aid/_changes.py:lists_of_event", "fan-out"): BY_ID,
    ("zizhu/aid/_entitle.py:_merge", "fan-out"): STAGING
    + " (entitle binds the county when it runs for one; a city run is city-wide)",
    ("zizhu/aid/_qualify.py:_CANDIDATES", "repartition"): PERSON,
    ("zizhu/aid/_qualify.py:_pick", "fan-out"): (
        "a student enrolled twice, or paid by an exclusive programme, in any county: keyed"
        " by person"
    ),
    ("zizhu/aid/_review.py:_within_cap", "fan-out"): (
        "one person's year across counties: a small fan-out, keyed by person"
    ),
    ("zizhu/aid/_review.py:entitlement_add", "repartition"): PERSON,
    ("zizhu/aid/_rules_sql.py:condition_sql", "fan-out"): PERSON,
    # audit
    ("zizhu/audit/_audit.py:_history_add", "repartition"): (
        "one event row by its id, beside the findings: pulled to the coordinator once"
    ),
    ("zizhu/audit/_audit.py:_merge", "fan-out"): AUDIT,
    ("zizhu/audit/_checks.py:_age_anomaly", "fan-out"): AUDIT + "; " + PERSON,
    ("zizhu/audit/_checks.py:_category_conflict", "repartition"): PERSON,
    ("zizhu/audit/_checks.py:_dup_enrollment", "fan-out"): DUPLICATE,
    ("zizhu/audit/_checks.py:_dup_payment", "repartition"): DUPLICATE + "; " + SAME_COUNTY,
    ("zizhu/audit/_checks.py:_missed", "repartition"): AUDIT,
    ("zizhu/audit/_checks.py:_name_mismatch", "repartition"): PERSON,
    ("zizhu/audit/_checks.py:_no_id", "repartition"): PERSON,
    ("zizhu/audit/_checks.py:_not_enrolled", "repartition"): (
        SAME_COUNTY + "; enrolled in any county: keyed by person"
    ),
    ("zizhu/audit/_checks.py:_payment_failed", "repartition"): SAME_COUNTY,
    ("zizhu/audit/_checks.py:_shared_account", "fan-out"): DUPLICATE,
    ("zizhu/audit/_checks.py:enrolled_create", "fan-out"): AUDIT,
    ("zizhu/audit/_judged_checks.py:_APPROVED_UNDER", "fan-out"): FRAGMENT,
    ("zizhu/audit/_judged_checks.py:_amount_mismatch", "repartition"): SAME_COUNTY,
    ("zizhu/audit/_judged_checks.py:_exclusive_conflict", "repartition"): (
        SAME_COUNTY + "; two programmes of one person: keyed by person"
    ),
    ("zizhu/audit/_judged_checks.py:_ineligible", "repartition"): (
        SAME_COUNTY + "; enrolled in any county: keyed by person"
    ),
    # bench: scaffolding, not a path a user takes
    ("zizhu/bench/payments.py:_correct_failed_accounts", "repartition"): SAME_COUNTY,
    # demo
    ("zizhu/demo/run.py:database_has_2019", "fan-out"): CITY + " (a count)",
    # hardship
    ("zizhu/hardship/_compute.py:_ASSESSED", "repartition"): ASSESSMENT + "; " + PERSON,
    ("zizhu/hardship/_compute.py:_ENROLLED", "fan-out"): FRAGMENT,
    ("zizhu/hardship/_compute.py:_HARDSHIP", "repartition"): PERSON,
    ("zizhu/hardship/_compute.py:_HARDSHIP", "unkeyed insert"): PERSON,
    ("zizhu/hardship/_compute.py:_MATCHES", "repartition"): (
        PERSON + " (identification: a list record finds its student by ID number)"
    ),
    ("zizhu/hardship/_compute.py:hardship_compute", "repartition"): PERSON,
    ("zizhu/hardship/selectors.py:hardship_level_counts", "repartition"): PERSON,
    # loans
    ("zizhu/loans/_loans_import.py:_MARK_CONFLICTS", "repartition"): LOANS,
    ("zizhu/loans/_loans_import.py:_stage", "fan-out"): LOANS,
    ("zizhu/loans/_loans_import.py:_store", "repartition"): LOANS,
    # payments
    ("zizhu/payments/_export.py:_candidates", "fan-out"): STAGING,
    ("zizhu/payments/_export.py:_candidates", "repartition"): (
        SAME_COUNTY + "; the bank file needs the person's ID number: " + PERSON
    ),
    ("zizhu/payments/_export.py:_check_totals", "fan-out"): BY_ID,
    ("zizhu/payments/_export.py:_groups", "fan-out"): STAGING,
    ("zizhu/payments/_export.py:_rows", "fan-out"): BY_ID,
    ("zizhu/payments/_returns.py:_apply", "fan-out"): STAGING,
    ("zizhu/payments/_returns.py:_classify", "fan-out"): STAGING,
    ("zizhu/payments/selectors.py:batch_list", "fan-out"): BY_ID,
    ("zizhu/payments/selectors.py:disbursement", "repartition"): SAME_COUNTY,
    # registry
    ("zizhu/registry/_accounts_bulk.py:payee_accounts_correct", "fan-out"): STAGING,
    ("zizhu/registry/_accounts_bulk.py:payee_accounts_correct", "repartition"): PERSON,
    ("zizhu/registry/_students_import.py:_classify", "fan-out"): STAGING,
    ("zizhu/registry/_students_import.py:_leave", "fan-out"): STAGING,
    ("zizhu/registry/_students_import.py:_record_joins", "fan-out"): STAGING,
    ("zizhu/registry/_students_import.py:_resolve_people", "fan-out"): (
        PERSON + " (a roster's people found by ID number); " + STAGING
    ),
    ("zizhu/registry/_students_import.py:_write", "fan-out"): STAGING,
    # reports
    ("zizhu/reports/selectors.py:_disbursement", "repartition"): SAME_COUNTY,
    ("zizhu/reports/selectors.py:_paid", "repartition"): SAME_COUNTY,
    # sources
    ("zizhu/sources/_hardship_import.py:_REMOVED", "fan-out"): ASSESSMENT,
    ("zizhu/sources/_hardship_import.py:_roster_reasons", "fan-out"): STAGING,
    ("zizhu/sources/_hardship_import.py:_roster_reasons", "repartition"): PERSON,
    ("zizhu/sources/_hardship_import.py:_store", "fan-out"): ASSESSMENT,
    ("zizhu/sources/_hardship_import.py:_write", "unkeyed insert"): ASSESSMENT,
    ("zizhu/sources/_list_versions.py:versions_create", "fan-out"): STAGING,
    ("zizhu/sources/_list_versions.py:versions_plan", "fan-out"): BY_ID + " (a list's records)",
    ("zizhu/sources/lists.py:records_in_force", "fan-out"): (
        "every county's lists in force, to match students of any county: city-wide (the"
        " parent lists are a subquery the text does not show)"
    ),
}
