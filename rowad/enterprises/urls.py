from django.urls import path

from .views import accompaniment, declarations, enterprise_edit, enterprises, figures
from .views import calendar as calendar_views

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    path("", enterprises.enterprise_list, name="list"),
    path("new/<int:dossier_pk>/", enterprise_edit.enterprise_create, name="create"),
    path("<int:pk>/", enterprises.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", enterprise_edit.enterprise_edit, name="edit"),
    path("<int:pk>/owners/", enterprise_edit.members_edit, name="members_edit"),
    path("steps/<int:pk>/done/", enterprise_edit.step_done, name="step_done"),
    path("steps/<int:pk>/reopen/", enterprise_edit.step_reopen, name="step_reopen"),
    path("steps/<int:pk>/document/", enterprises.step_document, name="step_document"),
    # --- end ENTERPRISES ---
    # --- CALENDAR ---
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("obligations/<int:pk>/complete/", calendar_views.obligation_complete, name="obligation_complete"),
    path("obligations/<int:pk>/reopen/", calendar_views.obligation_reopen, name="obligation_reopen"),
    path("<int:pk>/obligations/new/", calendar_views.obligation_add, name="obligation_add"),
    path("<int:pk>/life-events/new/", calendar_views.life_event_record, name="life_event_record"),
    # --- ACCOMPANIMENT ---
    path("caseload/", accompaniment.caseload_page, name="caseload"),
    path("mine/", accompaniment.my_caseload, name="my_caseload"),
    path("<int:pk>/visit/", accompaniment.visit_new, name="visit_new"),
    path("dossier/<int:dossier_pk>/session/", accompaniment.session_new, name="session_new"),
    path("dossier/<int:dossier_pk>/mentor/", accompaniment.assign_mentor, name="assign_mentor"),
    # --- FIGURES ---
    path("figures/", figures.figures_page, name="figures"),
    path("figures.csv", figures.figures_csv, name="figures_csv"),
    # --- DECLARATIONS ---
    path("declarations/<int:pk>/confirm/", declarations.declaration_confirm, name="declaration_confirm"),
    path("<int:pk>/declarations/ask/", declarations.declaration_request, name="declaration_request"),
]
