"""The Django admin, for platform administrators only, with every write audited.

`RowadAdminSite` is the project's default admin site (`RowadAdminConfig` in
INSTALLED_APPS, in `admin_apps`): only a superuser or a holder of the platform-administrator role gets in,
and every ModelAdmin registered on it writes an audit entry (`<app>.<model>.admin_added`,
`admin_changed`, `admin_deleted`) in the same transaction as the admin's own log entry."""

from __future__ import annotations

from django.contrib import admin

from rowad.core.audit import record_action

from .scope import scope_for


class AuditedAdminMixin:
    """Mixed into every ModelAdmin of the site: the admin's log hooks run inside the
    admin's transaction for additions, changes (inlines included) and deletions (the
    bulk delete action too)."""

    def _audit(self, request, obj, verb: str, message=None) -> None:
        data = {"via": "admin"}
        if message:
            data["message"] = message if isinstance(message, list | str) else str(message)
        record_action(f"{obj._meta.label_lower}.admin_{verb}", obj, actor=request.user, **data)

    def log_addition(self, request, obj, message):
        self._audit(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._audit(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._audit(request, obj, "deleted")
        return super().log_deletions(request, queryset)


class RowadAdminSite(admin.AdminSite):
    def has_permission(self, request) -> bool:
        user = request.user
        return bool(user.is_active and scope_for(user).is_platform_admin)

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)
