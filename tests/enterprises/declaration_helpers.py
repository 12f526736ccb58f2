"""An enterprise with its holder's portal account, for the declarations tests (service,
portal page, API, permission matrix, e2e)."""

from __future__ import annotations

import datetime

from rowad.dossiers.enums import DossierState
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import AssignmentFactory, EnterpriseFactory, MemberFactory
from tests.portal.factories import make_holder


def enterprise_of(person, *, mentor=None, title="Pose de fibre optique", member=True, **fields):
    """An enterprise (created 400 days ago unless told) whose dossier `person` holds and
    of which they are the manager; `mentor` accompanies its dossier."""
    from tests.factories import province

    dossier = DossierFactory(
        holders=[person],
        state=DossierState.COMPANY_CREATED,
        title=title,
        province=fields.pop("province", None) or province("DZ", "31"),
    )
    fields.setdefault("name_latin", title)
    enterprise = EnterpriseFactory(dossier=dossier, **fields)
    if member:
        MemberFactory(enterprise=enterprise, person=person)
    if mentor is not None:
        AssignmentFactory(dossier=dossier, mentor=mentor)
    return enterprise


def holder_with_enterprise(world, *, username="holder-decl", given_name_latin="Amina", **fields):
    """(user, person, enterprise): a signed-up holder in Oran and their enterprise."""
    user, _account, person = make_holder(
        world.oran_agency, username=username, given_name_latin=given_name_latin
    )
    return user, person, enterprise_of(person, **fields)


def days_ago(days: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=days)
