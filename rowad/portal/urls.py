from django.urls import path

from . import (
    consent_views,
    dossier_views,
    enterprise_views,
    financing_views,
    market_views,
    market_work_views,
    preparation_views,
    reads_views,
    training_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("verify/", views.verify, name="verify"),
    path("verify/resend/", views.resend, name="resend"),
    path("profile/", views.profile, name="profile"),
    path("profile/claim/", views.claim, name="claim"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/consents/", consent_views.consents, name="consents"),
    path("privacy/export/", views.export, name="export"),
    path("privacy/export.pdf", views.export_pdf, name="export_pdf"),
    path("privacy/erasure/", views.erasure_request, name="erasure_request"),
    path("privacy/reads/", reads_views.sensitive_reads, name="sensitive_reads"),
    path("erasure-requests/", views.erasure_list, name="erasure_list"),
    path("erasure-requests/<int:pk>/decide/", views.erasure_decide, name="erasure_decide"),
    path("programmes/", dossier_views.programmes, name="programmes"),
    path("dossiers/new/", dossier_views.dossier_start, name="dossier_start"),
    path("dossiers/<int:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/edit/", dossier_views.dossier_edit, name="dossier_edit"),
    path("dossiers/<int:pk>/documents/", dossier_views.dossier_upload, name="dossier_upload"),
    path("dossiers/<int:pk>/submit/", dossier_views.dossier_submit, name="dossier_submit"),
    # --- PREPARE (co-holders and the proposed financing plan, before submitting) ---
    path("dossiers/<int:pk>/co-holders/", preparation_views.dossier_coholders, name="dossier_coholders"),
    path(
        "dossiers/<int:pk>/co-holders/<int:person_pk>/remove/",
        preparation_views.dossier_coholder_remove,
        name="dossier_coholder_remove",
    ),
    path("dossiers/<int:pk>/financing-plan/", preparation_views.dossier_plan, name="dossier_plan"),
    # --- end PREPARE ---
    path("training/", training_views.training, name="training"),
    path("training/<int:pk>/", training_views.training_detail, name="training_detail"),
    # --- REMINDERS (financing: the holder's repayments) ---
    path("repayments/", financing_views.repayments, name="repayments"),
    # --- end REMINDERS ---
    # --- ENTERPRISE (the holder's enterprise and their declarations of jobs) ---
    path("enterprise/", enterprise_views.enterprise, name="enterprise"),
    # --- MARKET (the enterprise's offers, quotes, contracts, reports and means) ---
    path("work/", market_views.market_home, name="market_home"),
    path("work/offers/<int:pk>/", market_views.market_offer, name="market_offer"),
    path("work/orders/<int:pk>/quote/", market_views.market_quote, name="market_quote"),
    path("work/enterprises/<int:pk>/means/", market_views.market_means, name="market_means"),
    path("work/contracts/<int:pk>/", market_work_views.market_contract, name="market_contract"),
    path("work/milestones/<int:pk>/report/", market_work_views.market_report, name="market_report"),
    path("work/photos/<int:pk>/", market_work_views.market_photo, name="market_photo"),
    path("work/ratings/<int:pk>/contest/", market_work_views.market_contest, name="market_contest"),
    # --- end MARKET ---
]
