"""The equipment the operators' network work asks for (a programme's sponsor adds others in the admin)."""

from django.db import migrations

EQUIPMENT = [
    # code, Arabic, French, English
    ("fusion-splicer", "آلة لحام الألياف البصرية", "Soudeuse de fibre optique", "Fiber fusion splicer"),
    ("otdr", "جهاز قياس الانعكاس الضوئي (OTDR)", "Réflectomètre optique (OTDR)", "Optical time-domain reflectometer (OTDR)"),
    ("power-meter", "مقياس القدرة الضوئية", "Photomètre optique", "Optical power meter"),
    ("cable-blower", "آلة نفخ الكوابل", "Souffleuse de câble", "Cable blowing machine"),
    ("trencher", "آلة حفر الخنادق", "Trancheuse", "Trencher"),
    ("aerial-lift", "رافعة بسلة", "Nacelle élévatrice", "Aerial lift"),
    ("utility-vehicle", "مركبة نفعية", "Véhicule utilitaire", "Utility vehicle"),
    ("generator", "مولد كهربائي", "Groupe électrogène", "Generator"),
]


def add_equipment(apps, schema_editor):
    Equipment = apps.get_model("market", "Equipment")
    for code, ar, fr, en in EQUIPMENT:
        Equipment.objects.get_or_create(code=code, defaults={"name_ar": ar, "name_fr": fr, "name_en": en})


def remove_equipment(apps, schema_editor):
    apps.get_model("market", "Equipment").objects.filter(code__in=[row[0] for row in EQUIPMENT]).delete()


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]

    operations = [migrations.RunPython(add_equipment, remove_equipment)]
