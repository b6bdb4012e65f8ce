"""The web application's addresses."""

from __future__ import annotations

from django.urls import path

from zizhu.web.views import (
    accounts,
    aid,
    auth,
    dashboard,
    findings,
    imports,
    loans,
    payments,
    reports,
    review,
    students,
    trail,
)

app_name = "web"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("", auth.home, name="home"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("schools/", students.schools, name="schools"),
    path("students/", students.students, name="students"),
    path("students/<int:person_id>/", students.student, name="student"),
    path("students/<int:person_id>/account/", accounts.account_change, name="account_change"),
    path("imports/", imports.imports, name="imports"),
    path("imports/templates/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("jobs/<int:job_id>/", imports.job, name="job"),
    path("jobs/<int:job_id>/errors/", imports.job_errors, name="job_errors"),
    path("jobs/<int:job_id>/confirm/", imports.job_confirm, name="job_confirm"),
    path("jobs/<int:job_id>/cancel/", imports.job_cancel, name="job_cancel"),
    path("jobs/<int:job_id>/again/", imports.job_again, name="job_again"),
    path("entitle/", imports.entitle_start, name="entitle"),
    path("aid/", aid.aid_index, name="aid_index"),
    path("aid/<str:program>/", aid.aid_list, name="aid_list"),
    path("aid/<str:program>/confirm/", aid.aid_confirm, name="aid_confirm"),
    path("aid/<str:program>/add/", aid.aid_add, name="aid_add"),
    path("aid/<str:program>/publicity/", aid.aid_publicity, name="aid_publicity"),
    path("aid/<str:program>/approve/", aid.aid_approve, name="aid_approve"),
    path("entitlements/<int:entitlement_id>/exclude/", aid.aid_exclude, name="aid_exclude"),
    path("mismatches/", review.mismatches, name="mismatches"),
    path("mismatches/<int:mismatch_id>/confirm/", review.mismatch_confirm, name="mismatch_confirm"),
    path("departments/", review.departments, name="departments"),
    path("audit-trail/", trail.audit_trail, name="audit_trail"),
    path("payments/", payments.payments, name="payments"),
    path("payments/list/", payments.payment_list, name="payment_list"),
    path("payments/export/", payments.pay_export_start, name="pay_export"),
    path("payments/batches/<str:batch_no>/file/", payments.batch_file, name="batch_file"),
    path("findings/", findings.findings, name="findings"),
    path("findings/run/", findings.audit_start, name="audit_run"),
    path("findings/<int:finding_id>/", findings.finding, name="finding"),
    path(
        "findings/<int:finding_id>/resolve/",
        findings.finding_resolve_view,
        name="finding_resolve",
    ),
    path("findings/<int:finding_id>/hand/", findings.finding_hand_view, name="finding_hand"),
    path("findings/<int:finding_id>/answer/", findings.finding_answer_view, name="finding_answer"),
    path("report/", reports.report, name="report"),
    path("report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("loans/", loans.loans, name="loans"),
    path("loans/list/", loans.loan_list, name="loan_list"),
]
