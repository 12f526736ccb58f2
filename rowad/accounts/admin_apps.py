"""The admin application with the project's own site (loaded before the models: no model
import here)."""

from django.contrib.admin.apps import AdminConfig


class RowadAdminConfig(AdminConfig):
    default_site = "rowad.accounts.admin_site.RowadAdminSite"
