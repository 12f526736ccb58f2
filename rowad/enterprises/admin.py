from django.contrib import admin

from .models import SessionTopic


@admin.register(SessionTopic)
class SessionTopicAdmin(admin.ModelAdmin):
    """The topics a programme's accompaniment sessions choose from (configuration)."""

    list_display = ["code", "name_ar", "name_fr", "programme", "phase", "position", "is_active"]
    list_filter = ["programme", "phase", "is_active"]
    search_fields = ["code", "name_fr", "name_ar"]
