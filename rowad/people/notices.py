"""The information notices shown to a person when their consent is asked, one text per
purpose, version and language. A version, once published, is never edited: a changed
text is a new version appended to its purpose's list (the newest is the one shown). Each
consent record keeps the version that was shown (`ConsentRecord.notice_version`), so the
agency can show the data-protection authority exactly what a person agreed to.

The texts are written here, not in the translation catalogues: a translator's edit must
not change what a past version said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import translation

from .models import ConsentRecord

P = ConsentRecord.Purpose


@dataclass(frozen=True)
class Notice:
    purpose: str
    version: str
    published_on: date
    texts: dict[str, str]

    def text(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "ar")[:2]
        return self.texts.get(language) or self.texts["fr"]


NOTICES: dict[str, tuple[Notice, ...]] = {
    P.REGISTRATION: (
        Notice(
            P.REGISTRATION,
            "2026-1",
            date(2026, 1, 1),
            {
                "ar": "تسجل الوكالة اسمك ورقم هاتفك ورقم بطاقتك الوطنية وتاريخ ميلادك ومستواك الدراسي "
                "لمرافقتك في مشروعك ومتابعته. لك حق الاطلاع على بياناتك وتصحيحها والاعتراض على "
                "معالجتها وسحب موافقتك في أي وقت.",
                "fr": "L'agence enregistre votre nom, votre téléphone, votre numéro d'identité, votre date "
                "de naissance et votre niveau d'études pour vous accompagner dans votre projet et le "
                "suivre. Vous pouvez accéder à vos données, les faire rectifier, vous opposer à leur "
                "traitement et retirer votre consentement à tout moment.",
                "en": "The agency records your name, phone, national ID, birth date and education to "
                "support and follow your project. You may access and correct your data, object to its "
                "processing and withdraw your consent at any time.",
            },
        ),
    ),
    P.CONTACT: (
        Notice(
            P.CONTACT,
            "2026-1",
            date(2026, 1, 1),
            {
                "ar": "توافق على أن تتصل بك الوكالة عبر الرسائل القصيرة أو الهاتف أو البريد الإلكتروني بشأن "
                "مشروعك ومواعيده. يمكنك سحب موافقتك في أي وقت.",
                "fr": "Vous acceptez que l'agence vous contacte par SMS, téléphone ou courriel au sujet de "
                "votre projet et de ses échéances. Vous pouvez retirer ce consentement à tout moment.",
                "en": "You agree that the agency contacts you by SMS, phone or email about your project "
                "and its deadlines. You may withdraw this consent at any time.",
            },
        ),
    ),
    P.SHARING: (
        Notice(
            P.SHARING,
            "2026-1",
            date(2026, 1, 1),
            {
                "ar": "توافق على أن تطلع الهيئة الشريكة المذكورة (الممول أو الراعي) على اسمك ورقم هاتفك "
                "ووثائق ملفك لدراسة مشروعك وتمويله. الموافقة خاصة بهذه الهيئة وحدها ويمكنك سحبها "
                "في أي وقت.",
                "fr": "Vous acceptez que l'organisation partenaire nommée (financeur ou parrain) voie votre "
                "nom, votre téléphone et les pièces de votre dossier pour étudier et financer votre "
                "projet. Ce consentement ne vaut que pour elle et peut être retiré à tout moment.",
                "en": "You agree that the named partner organization (funder or sponsor) sees your name, "
                "phone and file documents to study and finance your project. This consent covers that "
                "organization only and may be withdrawn at any time.",
            },
        ),
    ),
    P.PHOTOS: (
        Notice(
            P.PHOTOS,
            "2026-1",
            date(2026, 1, 1),
            {
                "ar": "توافق على أن تنشر الوكالة صورك وشهادتك عن مشروعك. يمكنك سحب موافقتك في أي وقت "
                "فتتوقف الوكالة عن عرضها.",
                "fr": "Vous acceptez que l'agence publie vos photos et votre témoignage sur votre projet. "
                "Vous pouvez retirer ce consentement à tout moment ; l'agence cesse alors de les montrer.",
                "en": "You agree that the agency publishes your photos and testimony about your project. "
                "You may withdraw this consent at any time; the agency then stops showing them.",
            },
        ),
    ),
}


def current_notice(purpose: str) -> Notice:
    """The notice shown today for `purpose` (the newest version)."""
    return NOTICES[purpose][-1]


def notice_for(purpose: str, version: str) -> Notice | None:
    return next((n for n in NOTICES.get(purpose, ()) if n.version == version), None)
