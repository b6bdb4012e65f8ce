"""The web application's own rows: who a user is (role and jurisdiction), sign-ins being
checked, and background jobs started from the pages. Failed sign-ins are django-axes' rows
(zizhu.web.logins)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zizhu.web.constants import JobKind, JobStatus, Role


class Membership(models.Model):
    """A user's role and jurisdiction: a county (COUNTY), a school (SCHOOL) or a department
    (DEPARTMENT); CITY and AUDITOR see the whole city."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    county_code = models.CharField(max_length=6, blank=True, default="")
    school_code = models.CharField(max_length=10, blank=True, default="")
    # A department list's kind (sources/lists.py): checked by user_create, not by choices, so
    # that a new list needs no migration here.
    department = models.CharField(max_length=12, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="COUNTY") | ~models.Q(county_code=""),
                name="county_member_has_county",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="SCHOOL") | ~models.Q(school_code=""),
                name="school_member_has_school",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="DEPARTMENT") | ~models.Q(department=""),
                name="department_member_has_department",
            ),
        ]


class LoginTry(models.Model):
    """A sign-in whose password is being checked right now. It holds a place in the sign-in
    lock's count until it ends (a success deletes it, a failure turns it into a counted
    failure), so that tries sent at once cannot all pass the lock (zizhu.web.logins)."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    started_at = models.DateTimeField(default=timezone.now)


class Job(models.Model):
    """A background job started from a page: what it runs, for whom, and how it went."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    import_kind = models.CharField(max_length=12, blank=True, default="")
    term = models.CharField(max_length=7, blank=True, default="")
    file_name = models.CharField(max_length=255, blank=True, default="")
    path = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=1000, blank=True, default="")
    code = models.CharField(max_length=40, blank=True, default="")  # a refusal's Code
    result = models.JSONField(default=dict)
    task_id = models.CharField(max_length=64, blank=True, default="")
    partial = models.BooleanField(default=False)  # a roster correction: nobody leaves
    confirmed = models.BooleanField(default=False)  # a previewed replacement the officer confirmed
    worker = models.CharField(max_length=100, blank=True, default="")  # host:pid that runs it
