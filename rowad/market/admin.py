"""The market in the admin: the configuration (equipment kinds, a programme's market rules)
is edited here; orders, allocations and contracts are listed read-only (they change only
through the services, which check, lock and audit every step)."""

from django.contrib import admin

from .models import Allocation, Contract, Equipment, ProgrammeMarketRules, WorkOrder


@admin.register(Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    """The kinds of equipment orders require and enterprises declare (configuration)."""

    list_display = ["code", "name_ar", "name_fr"]
    search_fields = ["code", "name_ar", "name_fr"]


@admin.register(ProgrammeMarketRules)
class ProgrammeMarketRulesAdmin(admin.ModelAdmin):
    """A programme's own rules: late borrowers excluded, the tolerated delay, the days to answer."""

    list_display = ["programme", "excludes_late_borrowers", "loan_grace_days", "offer_days"]
    list_filter = ["excludes_late_borrowers"]
    search_fields = ["programme__name_fr", "programme__name_ar", "programme__code"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list to look things up: nothing is added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "sponsor", "province", "method", "status", "starts_on"]
    list_filter = ["status", "method", "reserved_for_micro"]
    search_fields = ["reference", "title", "sponsor__name_fr", "sponsor__name_ar"]
    date_hierarchy = "starts_on"


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["order", "enterprise", "round", "method", "basis", "status", "offered_at"]
    list_filter = ["status", "basis", "method"]
    search_fields = [
        "order__reference",
        "enterprise__reference",
        "enterprise__name_latin",
        "enterprise__name_ar",
    ]
    list_select_related = ["order", "enterprise"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["reference", "order", "enterprise", "amount", "currency", "signed_on", "status"]
    list_filter = ["status", "currency"]
    search_fields = ["reference", "order__reference", "enterprise__reference", "enterprise__name_latin"]
    list_select_related = ["order", "enterprise"]
