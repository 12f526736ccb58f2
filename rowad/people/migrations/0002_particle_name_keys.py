"""Recompute the cross-script name keys: particles ("Ben", "Abd", "Ould", "El") are now
glued to the word they introduce, so "محمد بن علي" searches on "bnl" rather than on "bn"."""

from django.db import migrations

from rowad.core.text import name_keys

CHUNK = 2000


def rekey(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonNameKey = apps.get_model("people", "PersonNameKey")
    fields = ("pk", "given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin")
    last = 0
    while True:
        rows = list(Person.objects.filter(pk__gt=last).order_by("pk").values_list(*fields)[:CHUNK])
        if not rows:
            return
        wanted = {row[0]: {k[:60] for k in name_keys(*row[1:])} for row in rows}
        existing: dict[int, set[str]] = {pk: set() for pk in wanted}
        for person_id, key in PersonNameKey.objects.filter(person_id__in=wanted).values_list(
            "person_id", "key"
        ):
            existing[person_id].add(key)
        PersonNameKey.objects.bulk_create(
            [
                PersonNameKey(person_id=pk, key=key)
                for pk, keys in wanted.items()
                for key in keys - existing[pk]
            ]
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
