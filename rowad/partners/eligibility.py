"""A programme's eligibility rules as readable sentences in the active language."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from rowad.core.enums import CountryCode, EducationLevel

from .models import Programme


def _number(value: int) -> SafeString:
    # Numbers inside Arabic text: isolate them so the bidi algorithm keeps them in place.
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def _names(objects) -> SafeString:
    separator = "، " if (get_language() or "").startswith("ar") else ", "
    return format_html_join(separator, "{}", ((str(o),) for o in objects))


def eligibility_sentences(programme: Programme) -> list[SafeString]:
    sentences: list[SafeString] = []
    low, high = programme.min_age, programme.max_age
    if low is not None and high is not None:
        sentences.append(
            format_html(
                _("Applicants are aged from {low} to {high} years."), low=_number(low), high=_number(high)
            )
        )
    elif low is not None:
        sentences.append(format_html(_("Applicants are at least {low} years old."), low=_number(low)))
    elif high is not None:
        sentences.append(format_html(_("Applicants are at most {high} years old."), high=_number(high)))
    else:
        sentences.append(format_html("{}", _("There is no age limit.")))

    provinces = list(programme.provinces.all())
    if provinces:
        sentences.append(format_html(_("Open to residents of: {provinces}."), provinces=_names(provinces)))
    else:
        country = dict(CountryCode.choices).get(programme.operator.country, programme.operator.country)
        sentences.append(format_html(_("Open in every province of {country}."), country=country))

    categories = list(programme.target_categories.all())
    if categories:
        sentences.append(format_html(_("Reserved for: {categories}."), categories=_names(categories)))

    if programme.min_education:
        level = dict(EducationLevel.choices).get(programme.min_education, programme.min_education)
        sentences.append(format_html(_("Minimum education: {level}."), level=level))
    if programme.requires_unemployed:
        sentences.append(format_html("{}", _("Applicants must be unemployed.")))
    if programme.excludes_prior_aid:
        sentences.append(
            format_html("{}", _("Applicants must not have received earlier aid of the same kind."))
        )

    if programme.min_members == programme.max_members:
        sentences.append(
            format_html(
                ngettext(
                    "A project has exactly {count} holder.",
                    "A project has exactly {count} holders.",
                    programme.min_members,
                ),
                count=_number(programme.min_members),
            )
        )
    else:
        sentences.append(
            format_html(
                _("A project has from {low} to {high} holders."),
                low=_number(programme.min_members),
                high=_number(programme.max_members),
            )
        )
    documents = list(programme.required_documents.all())
    if documents:
        sentences.append(format_html(_("Documents to provide: {documents}."), documents=_names(documents)))
    return sentences
