from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CountryCode(models.TextChoices):
    ALGERIA = "DZ", _("Algeria")
    MOROCCO = "MA", _("Morocco")


class ProvinceKind(models.TextChoices):
    WILAYA = "wilaya", pgettext_lazy("kind of province", "Wilaya")
    PROVINCE = "province", pgettext_lazy("kind of province", "Province")
    PREFECTURE = "prefecture", pgettext_lazy("kind of province", "Prefecture")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary")
    MIDDLE = "middle", _("Middle school")
    SECONDARY = "secondary", _("Secondary")
    BACCALAUREATE = "bac", _("Baccalaureate")
    VOCATIONAL = "vocational", _("Vocational training")
    UNIVERSITY = "university", _("University")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


EDUCATION_RANK = {level: rank for rank, level in enumerate(EducationLevel.values)}


class EmploymentStatus(models.TextChoices):
    UNEMPLOYED = "unemployed", _("Unemployed")
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    STUDENT = "student", _("Student")
    INACTIVE = "inactive", _("Inactive")


class ErrorCode(StrEnum):
    """Every error code this app raises: stable, API clients and views read them."""

    INVALID_CIN = "invalid_cin"
    INVALID_NIN = "invalid_nin"
    INVALID_PHONE = "invalid_phone"
    TOO_LONG = "too_long"
    UNKNOWN_COUNTRY = "unknown_country"
