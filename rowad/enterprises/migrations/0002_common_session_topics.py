"""The accompaniment topics every programme offers (a programme adds its own in the admin)."""

from django.db import migrations

TOPICS = [
    # code, phase, Arabic, French, English
    ("business-plan", "pre_creation", "مخطط الأعمال", "Plan d'affaires", "Business plan"),
    ("legal-procedures", "pre_creation", "إجراءات إنشاء المؤسسة", "Démarches de création", "Setting-up procedures"),
    ("financing-file", "pre_creation", "ملف التمويل", "Dossier de financement", "Financing file"),
    ("management", "", "التسيير والمحاسبة", "Gestion et comptabilité", "Management and bookkeeping"),
    ("marketing", "", "التسويق والبحث عن الزبائن", "Commercialisation et clients", "Marketing and customers"),
    ("taxes-social", "post_creation", "الضرائب والضمان الاجتماعي", "Fiscalité et sécurité sociale", "Taxes and social security"),
    ("repayment", "post_creation", "تسديد القروض", "Remboursement des prêts", "Loan repayment"),
    ("public-orders", "post_creation", "الصفقات والطلبيات العمومية", "Marchés et commandes publiques", "Public contracts and orders"),
    ("difficulties", "post_creation", "معالجة الصعوبات", "Traitement des difficultés", "Dealing with difficulties"),
]


def add_topics(apps, schema_editor):
    SessionTopic = apps.get_model("enterprises", "SessionTopic")
    for position, (code, phase, ar, fr, en) in enumerate(TOPICS):
        SessionTopic.objects.get_or_create(
            code=code,
            programme=None,
            defaults={"phase": phase, "name_ar": ar, "name_fr": fr, "name_en": en, "position": position},
        )


def remove_topics(apps, schema_editor):
    apps.get_model("enterprises", "SessionTopic").objects.filter(
        programme=None, code__in=[t[0] for t in TOPICS], sessions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
