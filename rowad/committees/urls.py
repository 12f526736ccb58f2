from django.urls import path

from . import delegation_views, grid_views, views

app_name = "committees"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/announce/", views.session_announce, name="session_announce"),
    path("<int:pk>/minutes.pdf", views.session_minutes, name="session_minutes"),
    path("items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("items/<int:pk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("letters/<int:pk>.pdf", views.decision_letter, name="decision_letter"),
    path("verify/<str:token>/", views.verify_letter, name="verify_letter"),
    path("dossiers/<int:pk>/scores/", views.dossier_scores, name="dossier_scores"),
    path("dossiers/<int:pk>/evaluators/", views.assign_evaluator, name="assign_evaluator"),
    path("evaluations/<int:pk>/", views.evaluation_form, name="evaluation"),
    path("delegations/", delegation_views.delegation_list, name="delegation_list"),
    path("delegations/new/", delegation_views.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/revoke/", delegation_views.delegation_revoke, name="delegation_revoke"),
    path("dossiers/<int:pk>/decision/", delegation_views.dossier_decision, name="dossier_decision"),
    path("dossiers/<int:pk>/delegated-decision/", delegation_views.delegated_decide, name="delegated_decide"),
    path("grids/", grid_views.grid_list, name="grid_list"),
    path("grids/<int:programme_pk>/", grid_views.grid_edit, name="grid_edit"),
    path("grids/criterion-row/", grid_views.criterion_row, name="grid_criterion_row"),
]
