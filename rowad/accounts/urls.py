from django.contrib.auth import views as auth_views
from django.urls import path

from . import second_factor_views, views
from .forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", second_factor_views.manage, name="second_factor_manage"),
    path("second-factor/setup/", second_factor_views.setup, name="second_factor_setup"),
    path("second-factor/verify/", second_factor_views.verify, name="second_factor_verify"),
    path("second-factor/codes/", second_factor_views.renew_codes, name="second_factor_codes"),
    path(
        "staff/<int:pk>/second-factor/reset/",
        views.staff_second_factor_reset,
        name="staff_second_factor_reset",
    ),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/invite/", views.staff_invite, name="staff_invite"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/memberships/add/", views.membership_add, name="membership_add"),
    path("staff/<int:pk>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", views.staff_reactivate, name="staff_reactivate"),
    path("staff/<int:pk>/password-link/", views.staff_password_link, name="staff_password_link"),
    path("staff/memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("staff/memberships/<int:pk>/end/", views.membership_end, name="membership_end"),
    path("invitation/<uidb64>/<token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
