"""Arabic and French for the accounts app: roles, memberships, login pages
(fill_po.py rowad/accounts scripts/translations/accounts.py)."""

TRANSLATIONS = {
    "Accounts": ("الحسابات", "Comptes"),
    "Platform administrator": ("مسير المنصة", "Administrateur de la plateforme"),
    "Agency officer": ("موظف الوكالة", "Agent de l'agence"),
    "Committee member": ("عضو اللجنة", "Membre de commission"),
    "Trainer": ("مكوِّن", "Formateur"),
    "Mentor": ("مرافق", "Mentor"),
    "Sponsor officer": ("ممثل المؤسسة الراعية", "Chargé du partenaire parrain"),
    "Funder officer": ("ممثل الجهة الممولة", "Chargé du bailleur de fonds"),
    "Association representative": ("ممثل الجمعية", "Représentant d'association"),
    "Field agent": ("عون ميداني", "Agent de terrain"),
    "Director": ("مدير", "Directeur"),
    "Project holder": ("حامل المشروع", "Porteur de projet"),
    "preferred language": ("اللغة المفضلة", "langue préférée"),
    "phone": ("الهاتف", "téléphone"),
    "user": ("مستخدم", "utilisateur"),
    "users": ("المستخدمون", "utilisateurs"),
    "organization": ("الهيئة", "organisme"),
    "role": ("الدور", "rôle"),
    "provinces": ("الولايات / الأقاليم", "wilayas / provinces"),
    "active": ("نشط", "actif"),
    "membership": ("عضوية", "affiliation"),
    "memberships": ("العضويات", "affiliations"),
    "Too many attempts": ("محاولات كثيرة جدا", "Trop de tentatives"),
    "Too many failed login attempts. Try again in 15 minutes or ask your administrator.": (
        "محاولات دخول فاشلة كثيرة جدا. أعد المحاولة بعد 15 دقيقة أو اتصل بمسير المنصة.",
        "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes ou adressez-vous à votre administrateur.",
    ),
    "Log in": ("تسجيل الدخول", "Se connecter"),
    "Log in to Rowad": ("تسجيل الدخول إلى رواد", "Connexion à Rowad"),
}
