"""Messages of the shared validators (rowad.core) that import reports show, so the import
catalogues carry their translations (the error report is in the user's language)."""

from django.utils.translation import gettext_noop

SHARED_MESSAGES = [
    gettext_noop("This is not a valid phone number."),
    gettext_noop("An Algerian national identification number (NIN) has exactly 18 digits."),
    gettext_noop("A Moroccan national ID card number (CIN) is one or two letters followed by digits."),
    gettext_noop("Unknown country for this national ID."),
]
