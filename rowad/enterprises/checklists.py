"""What the agency follows for each country and legal form, as data: the creation steps
(copied onto an enterprise when it is recorded) and the legal follow-up calendar
(obligations generated for the first years). Sources: ANADE/ANSEJ and CNRC guides
(Algeria), the ODCo cooperative procedure and the CRI guides (Morocco)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rowad.core.enums import CountryCode
from rowad.financing.schedule_math import add_months

from .enums import LegalForm, ObligationKind

DZ, MA = CountryCode.ALGERIA, CountryCode.MOROCCO
F = LegalForm


@dataclass(frozen=True)
class StepTemplate:
    code: str
    label: Promise
    days: int  # due this many days after the enterprise is recorded


STEP_LABELS: dict[str, Promise] = {
    "name_certificate": _("Certificate of the name (négative)"),
    "statutes": _("Statutes drawn up and signed"),
    "constituent_assembly": _("Constituent general assembly"),
    "capital_deposit": _("Capital deposited"),
    "odco_deposit": _("File deposited with the ODCo"),
    "odco_registration": _("Registered in the cooperatives register"),
    "trade_register": _("Registered in the trade register"),
    "tax_registration": _("Registered with the tax office"),
    "statistical_id": _("Statistical identification number obtained"),
    "social_security": _("Registered with social security"),
    "auto_entrepreneur_card": _("Auto-entrepreneur card obtained"),
    "bank_account": _("Business bank account opened"),
    "premises": _("Premises rented or made available"),
    "legal_notice": _("Legal notice published"),
}


def _steps(*pairs: tuple[str, int]) -> tuple[StepTemplate, ...]:
    return tuple(StepTemplate(code, STEP_LABELS[code], days) for code, days in pairs)


_DZ_COMPANY = _steps(
    ("name_certificate", 15),
    ("statutes", 30),
    ("capital_deposit", 30),
    ("legal_notice", 45),
    ("trade_register", 60),
    ("tax_registration", 75),
    ("statistical_id", 90),
    ("social_security", 90),
    ("bank_account", 90),
)
_DZ_PERSON = _steps(
    ("premises", 15),
    ("trade_register", 30),
    ("tax_registration", 45),
    ("statistical_id", 60),
    ("social_security", 60),
    ("bank_account", 60),
)
_MA_COMPANY = _steps(
    ("name_certificate", 15),
    ("statutes", 30),
    ("capital_deposit", 30),
    ("tax_registration", 45),
    ("trade_register", 60),
    ("legal_notice", 60),
    ("social_security", 90),
)
_MA_COOPERATIVE = _steps(
    ("name_certificate", 15),
    ("statutes", 30),
    ("constituent_assembly", 45),
    ("odco_deposit", 60),
    ("odco_registration", 90),
    ("tax_registration", 120),
    ("bank_account", 120),
)
_MA_PERSON = _steps(
    ("tax_registration", 30),
    ("trade_register", 45),
    ("social_security", 60),
)
_AUTO_ENTREPRENEUR = _steps(("auto_entrepreneur_card", 30), ("tax_registration", 30), ("social_security", 60))

CREATION_STEPS: dict[tuple[str, str], tuple[StepTemplate, ...]] = {
    (DZ, F.MICRO_ENTERPRISE): _DZ_PERSON,
    (DZ, F.AUTO_ENTREPRENEUR): _AUTO_ENTREPRENEUR,
    (DZ, F.EURL): _DZ_COMPANY,
    (DZ, F.SARL): _DZ_COMPANY,
    (DZ, F.COOPERATIVE): _DZ_COMPANY,
    (MA, F.MICRO_ENTERPRISE): _MA_PERSON,
    (MA, F.AUTO_ENTREPRENEUR): _AUTO_ENTREPRENEUR,
    (MA, F.EURL): _MA_COMPANY,
    (MA, F.SARL): _MA_COMPANY,
    (MA, F.COOPERATIVE): _MA_COOPERATIVE,
}


def creation_steps(country: str, legal_form: str) -> tuple[StepTemplate, ...]:
    return CREATION_STEPS.get((country, legal_form), ())


def step_label(code: str) -> Promise | str:
    return STEP_LABELS.get(code, code)


# The fewest members a cooperative may have (Morocco: law 112-12, art. 6; Algeria: the
# cooperative statute of 1996 asks for seven).
COOPERATIVE_MIN_MEMBERS = {MA: 5, DZ: 7}
# Forms owned by one person only.
SINGLE_OWNER_FORMS = frozenset({F.MICRO_ENTERPRISE, F.AUTO_ENTREPRENEUR, F.EURL})


@dataclass(frozen=True)
class ObligationRule:
    kind: str
    month: int | None  # a yearly obligation due on this month/day, from the next year
    day: int | None = None
    after_days: int | None = None  # a one-off obligation, due this long after creation


YEARLY: dict[str, tuple[ObligationRule, ...]] = {
    DZ: (
        ObligationRule(ObligationKind.SOCIAL_SECURITY, None, after_days=10),
        ObligationRule(ObligationKind.ANNUAL_TAX_DECLARATION, 6, 30),
        ObligationRule(ObligationKind.SOCIAL_DECLARATION, 1, 31),
    ),
    MA: (
        ObligationRule(ObligationKind.SOCIAL_SECURITY, None, after_days=30),
        ObligationRule(ObligationKind.ANNUAL_TAX_DECLARATION, 3, 31),
    ),
}
# Companies and cooperatives also hold a general assembly and file their accounts.
COLLECTIVE_YEARLY = (
    ObligationRule(ObligationKind.GENERAL_ASSEMBLY, 6, 30),
    ObligationRule(ObligationKind.ACCOUNTS_FILING, 7, 31),
)
# The agency's tax advantages in the activity phase last this many years (ANADE: 3, or
# 6 in the southern and high-plateaux zones, which the programme's benefits may say).
ADVANTAGE_YEARS = 3
# How many years of the yearly calendar are generated ahead.
CALENDAR_YEARS = 3


def obligation_dates(
    country: str,
    legal_form: str,
    created_on: datetime.date,
    *,
    advantage_years: int = ADVANTAGE_YEARS,
    until: datetime.date | None = None,
) -> list[tuple[str, datetime.date]]:
    """(kind, due date) of the follow-up calendar of an enterprise: the first
    CALENDAR_YEARS years, and with `until` every year up to the one after `until` (the
    calendar rolls on while the enterprise lives: services.calendar.extend_calendars)."""
    rules = list(YEARLY.get(country, ()))
    if legal_form not in SINGLE_OWNER_FORMS:
        rules += COLLECTIVE_YEARLY
    dates: list[tuple[str, datetime.date]] = []
    for rule in rules:
        if rule.after_days is not None:
            dates.append((rule.kind, created_on + datetime.timedelta(days=rule.after_days)))
            continue
        last_year = max(created_on.year + CALENDAR_YEARS, until.year + 1 if until else 0)
        for year in range(created_on.year + 1, last_year + 1):
            dates.append((rule.kind, datetime.date(year, rule.month, rule.day)))
    if advantage_years:
        dates.append((ObligationKind.ADVANTAGE_EXPIRY, add_months(created_on, 12 * advantage_years)))
    return sorted(dates, key=lambda pair: (pair[1], pair[0]))
