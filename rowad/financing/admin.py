from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import FinancingFormula, FormulaPart


class FormulaPartInline(admin.TabularInline):
    model = FormulaPart
    extra = 0
    fields = [
        "position", "kind", "funder", "share", "cap", "is_remainder", "repaid", "term_months",
        "grace_months", "interest_rate", "interest_borne_by", "frequency",
    ]  # fmt: skip


@admin.register(FinancingFormula)
class FinancingFormulaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_fr", "programme", "currency", "is_active"]
    list_filter = ["is_active", "currency"]
    search_fields = ["code", "name_fr", "name_ar"]
    readonly_fields = ["version"]
    inlines = [FormulaPartInline]
