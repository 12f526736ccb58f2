from django.urls import path

app_name = "financing"

urlpatterns: list = []

# --- PLANS ---
from .views import formulas, plans  # noqa: E402

urlpatterns += [
    path("formulas/", formulas.formula_list, name="formula_list"),
    path("formulas/new/", formulas.formula_create, name="formula_create"),
    path("formulas/<int:pk>/", formulas.formula_detail, name="formula_detail"),
    path("formulas/<int:pk>/edit/", formulas.formula_edit, name="formula_edit"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/lines/", plans.plan_lines, name="plan_lines"),
    path("plans/<int:pk>/submit/", plans.plan_submit, name="plan_submit"),
    path("lines/<int:pk>/decision/", plans.line_decision, name="line_decision"),
    path("dossiers/<int:dossier_pk>/plan/", plans.plan_propose, name="plan_propose"),
]
# --- end PLANS ---
# --- SCHEDULES ---
from .views import schedules as schedule_views  # noqa: E402

urlpatterns += [
    path("schedules/<int:pk>/", schedule_views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/payments/new/", schedule_views.payment_create, name="payment_create"),
    path("schedules/<int:pk>/reschedule/", schedule_views.schedule_reschedule, name="schedule_reschedule"),
    path("lines/<int:pk>/schedule/new/", schedule_views.schedule_generate, name="schedule_generate"),
]
# --- end SCHEDULES ---
# --- DISBURSE ---
from .views import disbursements  # noqa: E402

urlpatterns += [
    path("lines/<int:pk>/disbursements/", disbursements.line_disbursements, name="line_disbursements"),
    path("plans/<int:pk>/disbursements/", disbursements.plan_disbursements, name="plan_disbursements"),
    path("disbursements/<int:pk>/invoice/", disbursements.disbursement_invoice, name="disbursement_invoice"),
]
# --- end DISBURSE ---
# --- ARREARS ---
from .views import arrears  # noqa: E402

urlpatterns += [
    path("arrears/", arrears.caseload, name="arrears"),
    path("portfolio/", arrears.portfolio_report, name="portfolio"),
    path("portfolio.csv", arrears.portfolio_csv, name="portfolio_csv"),
]
# --- end ARREARS ---
