from django.contrib import admin

from .models import CommitteeSession, Criterion, ScoringGrid


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 1
    fields = ["position", "code", "name_ar", "name_fr", "name_en", "weight"]


@admin.register(ScoringGrid)
class ScoringGridAdmin(admin.ModelAdmin):
    list_display = ["programme", "scale_max", "show_evaluator_names"]
    inlines = [CriterionInline]


@admin.register(CommitteeSession)
class CommitteeSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "held_at", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "announced_at", "announced_by", "version"]
