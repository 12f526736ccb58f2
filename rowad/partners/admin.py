from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementParty, DocumentType, Organization, Programme, Specialty


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name_fr", "name_ar", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name_fr", "name_ar", "name_en", "acronym"]
    filter_horizontal = ["provinces"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "signed_on"]
    inlines = [AgreementPartyInline]


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_fr", "operator"]
    filter_horizontal = [
        "provinces",
        "target_categories",
        "specialties",
        "required_documents",
        "agreements",
        "sponsors",
    ]


admin.site.register(Specialty)
admin.site.register(DocumentType)
