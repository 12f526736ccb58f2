"""The figures app's domain errors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rowad.core.errors import DomainError


class FigureErrorCode(models.TextChoices):
    BAD_PERIOD = "bad_period", _("period not valid")
    BAD_VALUE = "bad_value", _("filter value not valid")
    OUTSIDE_SCOPE = "outside_scope", _("outside your provinces")
    UNKNOWN_INDICATOR = "unknown_indicator", _("indicator unknown")
    NOT_APPLICABLE = "not_applicable", _("filter does not apply")


class FigureError(DomainError):
    pass
