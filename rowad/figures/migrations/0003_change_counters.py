"""Change counters for the tables the indicators read (cells.py): one TableVersion row per
table and a trigger on each that adds one in the writer's transaction — statement-level
on PostgreSQL (INSERT, UPDATE, DELETE and TRUNCATE), row-level on SQLite.

The list is the union of `cells.source_tables` over the registry when this was written;
tests/figures/test_cells.py fails if an indicator comes to read a table not listed here
(add it in a new migration with `tracked(...)`)."""

from django.db import migrations

TABLES = (
    "core_province",
    "dossiers_dossier",
    "dossiers_statechange",
    "enterprises_enterprise",
    "financing_disbursement",
    "financing_financingplan",
    "financing_instalment",
    "financing_payment",
    "financing_planline",
    "financing_repaymentschedule",
    "market_contract",
    "market_invoice",
    "market_milestone",
    "market_sponsorpayment",
    "market_workorder",
    "outreach_campaign",
    "outreach_event",
    "outreach_registration",
    "outreach_stop",
    "outreach_visitortally",
    "people_person",
    "training_cohort",
    "training_enrolment",
)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION figures_bump_version() RETURNS trigger AS $$
BEGIN
    UPDATE figures_tableversion SET version = version + 1 WHERE "table" = TG_TABLE_NAME;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS figures_version ON {table}",
            f"CREATE TRIGGER figures_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION figures_bump_version()",
        ]
    bump = f"BEGIN UPDATE figures_tableversion SET version = version + 1 WHERE \"table\" = '{table}'; END"
    return [
        f"CREATE TRIGGER IF NOT EXISTS figures_version_{event.lower()}_{table} AFTER {event} ON {table}"
        f" FOR EACH ROW {bump}"
        for event in ("INSERT", "UPDATE", "DELETE")
    ]


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS figures_version ON {table}"]
    return [f"DROP TRIGGER IF EXISTS figures_version_{e}_{table}" for e in ("insert", "update", "delete")]


def tracked(*tables: str):
    """Forward and backward functions adding counters and triggers for `tables`."""

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return
        TableVersion = apps.get_model("figures", "TableVersion")
        for table in tables:
            TableVersion.objects.get_or_create(table=table)
        if vendor == "postgresql":
            schema_editor.execute(PG_FUNCTION)
        for table in tables:
            for statement in _sql(vendor, table):
                schema_editor.execute(statement)

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "sqlite"):
            return
        for table in tables:
            for statement in _drop(vendor, table):
                schema_editor.execute(statement)
        apps.get_model("figures", "TableVersion").objects.filter(table__in=tables).delete()

    return forward, backward


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0002_cells"),
        ("core", "0002_load_geography"),
        ("dossiers", "0008_statechange_dossier_to_state"),
        ("enterprises", "0003_declaration_requested_on"),
        ("financing", "0001_initial"),
        ("market", "0002_common_equipment"),
        ("outreach", "0001_initial"),
        ("people", "0007_erasure_record"),
        ("training", "0003_certificates_history_provider_ar"),
    ]

    operations = [migrations.RunPython(*tracked(*TABLES))]
