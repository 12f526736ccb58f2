from django.urls import path

app_name = "training"

# Each area keeps its routes in its own block (one block per views module).
urlpatterns: list = []

# --- catalogue (courses, modules) ---
urlpatterns += []

# --- cohorts ---
urlpatterns += []

# --- enrolment and waiting list ---
urlpatterns += []

# --- attendance (roll call, QR check-in, trainer pages) ---
urlpatterns += []

# --- assessments and results ---
urlpatterns += []

# --- certificates and public verification ---
from .views import certificates  # noqa: E402

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
