from django.urls import path

from .views import assessments, attendance, catalogue, certificates, cohorts, enrolment, figures
from .views import credentials as credential_views

app_name = "training"

# Each area keeps its routes in its own block (one block per views module).
urlpatterns: list = []

# --- catalogue (courses, modules) ---
urlpatterns += [
    path("courses/", catalogue.course_list, name="course_list"),
    path("courses/new/", catalogue.course_create, name="course_create"),
    path("courses/<int:pk>/", catalogue.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", catalogue.course_edit, name="course_edit"),
    path("courses/<int:pk>/history/", catalogue.course_history, name="course_history"),
    path("courses/<int:pk>/modules/new/", catalogue.module_create, name="module_create"),
    path("modules/<int:pk>/edit/", catalogue.module_edit, name="module_edit"),
    path("modules/<int:pk>/delete/", catalogue.module_delete, name="module_delete"),
    path("modules/<int:pk>/move/", catalogue.module_move, name="module_move"),
]

# --- cohorts ---
urlpatterns += [
    path("cohorts/", cohorts.cohort_list, name="cohort_list"),
    path("cohorts/new/", cohorts.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", cohorts.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/edit/", cohorts.cohort_edit, name="cohort_edit"),
    path("cohorts/<int:pk>/state/", cohorts.cohort_state, name="cohort_state"),
    path("cohorts/<int:pk>/history/", cohorts.cohort_history, name="cohort_history"),
]

# --- enrolment and waiting list ---
urlpatterns += [
    path("cohorts/<int:pk>/enrol/", enrolment.enrol, name="enrol"),
    path("enrolments/<int:pk>/", enrolment.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", enrolment.enrolment_withdraw, name="enrolment_withdraw"),
    path("dossiers/<int:pk>/enrol/", enrolment.enrol_from_dossier, name="enrol_from_dossier"),
]

# --- attendance (roll call, QR check-in, trainer pages) ---
urlpatterns += [
    path("my-cohorts/", attendance.my_cohorts, name="my_cohorts"),
    path("cohorts/<int:pk>/roll-call/", attendance.roll_call, name="roll_call"),
    path("cohorts/<int:pk>/check-in/", attendance.checkin_scan, name="checkin_scan"),
    path("absence-alerts/<int:pk>/acknowledge/", attendance.alert_acknowledge, name="alert_acknowledge"),
]

# --- assessments and results ---

urlpatterns += [
    path("cohorts/<int:pk>/marks/", assessments.marks, name="marks"),
    path("cohorts/<int:pk>/results/compute/", assessments.compute_results, name="compute_results"),
    path("enrolments/<int:pk>/result/", assessments.enrolment_result, name="enrolment_result"),
    path("enrolments/<int:pk>/resit/<int:module_pk>/", assessments.resit, name="resit"),
]

# --- certificates and public verification ---
urlpatterns += [
    path("cohorts/<int:pk>/certificates/issue/", certificates.issue_certificates, name="issue_certificates"),
    path("certificate-runs/<int:pk>/", certificates.certificate_run, name="certificate_run"),
    path("certificates/<str:number>/pdf/", certificates.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<str:number>/credential/",
        certificates.certificate_credential,
        name="certificate_credential",
    ),
    path("certificates/<str:number>/revoke/", certificates.certificate_revoke, name="certificate_revoke"),
    path("verify/credential/", certificates.verify_credential_page, name="verify_credential"),
    path("verify/<str:number>/", certificates.verify, name="verify"),
]

# --- signed credentials ---
urlpatterns += [
    path("issuer/key.json", credential_views.issuer_key, name="issuer_key"),
]

# --- figures ---
urlpatterns += [
    path("figures/", figures.figures_page, name="figures"),
    path("enrolments/", figures.enrolment_list, name="enrolment_list"),
]
