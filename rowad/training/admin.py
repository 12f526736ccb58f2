from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Cohort, Course, CourseModule


class CourseModuleInline(admin.TabularInline):
    model = CourseModule
    extra = 0
    fields = ["position", "title_ar", "title_fr", "hours", "kind", "is_assessed", "min_mark"]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_fr", "programme", "specialty", "provider", "duration_days", "is_active"]
    list_filter = ["is_active", "programme"]
    search_fields = ["code", "name_fr", "name_ar"]
    readonly_fields = ["version"]
    inlines = [CourseModuleInline]


@admin.register(CourseModule)
class CourseModuleAdmin(SimpleHistoryAdmin):
    list_display = ["course", "position", "title_fr", "hours", "kind", "is_assessed"]
    list_filter = ["kind", "is_assessed"]
    search_fields = ["title_fr", "title_ar", "course__code"]


@admin.register(Cohort)
class CohortAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "course", "province", "starts_on", "ends_on", "capacity", "state"]
    list_filter = ["state"]
    search_fields = ["reference", "venue", "course__code"]
    filter_horizontal = ["trainers"]
    readonly_fields = ["state", "version", "created_by"]
