"""Data protection: the queue of people's requests and a request's page are the agency
officer's, for the people one officer membership reaches (an Oran user who is an officer
in Al Hoceima only sees Al Hoceima's); a project holder files their own requests. Al
Hoceima: a request whose person carries a name that must never show to an Oran reader."""

from rowad.accounts.enums import Role
from rowad.people.models import Person
from rowad.protection.enums import RequestKind
from rowad.protection.models import DataSubjectRequest
from rowad.protection.services import answer_request, open_request
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import Expect

R = Role
OFFICERS = frozenset({R.AGENCY_OFFICER})
FOREIGN = "Zzprotectionforeignzz"


def build(world) -> None:
    oran_person = PersonFactory(province=world.oran, national_id="")
    foreign = PersonFactory(
        country="MA", province=province_by_name("Al Hoce"), given_name_latin=FOREIGN, national_id=""
    )
    oran = open_request(oran_person, kind=RequestKind.ACCESS, channel="desk", actor=None)
    answered = open_request(oran_person, kind=RequestKind.RECTIFICATION, channel="desk", actor=None)
    answer_request(answered, answer="Corrected.", actor=None)
    world.objects.update(
        protection_request=oran,
        protection_answered=answered,
        protection_foreign=open_request(foreign, kind=RequestKind.OBJECTION, channel="letter", actor=None),
    )
    holder = world.users[R.PROJECT_HOLDER]
    if not Person.objects.filter(user=holder).exists():
        PersonFactory(user=holder, province=world.oran, national_id="")


def _request(w) -> dict:
    return {"pk": w.objects["protection_request"].pk}


def _answered(w) -> dict:
    return {"pk": w.objects["protection_answered"].pk}


def _foreign(w) -> dict:
    return {"pk": w.objects["protection_foreign"].pk}


def _status(key):
    return lambda w: DataSubjectRequest.objects.get(pk=w.objects[key].pk).status


EXPECTATIONS = {
    "protection:queue": Expect(allowed=OFFICERS, hidden_text=lambda w: FOREIGN),
    "protection:request_detail": Expect(
        allowed=OFFICERS,
        kwargs=_request,
        out_of_scope_kwargs=_foreign,
        body=lambda w: {"answer": "Here is your data."},
        state=_status("protection_request"),
        # The first allowed POST answers it; a second is told it was already answered.
        ok_status=frozenset({200, 302}),
    ),
    "protection:request_close": Expect(
        allowed=OFFICERS,
        kwargs=_answered,
        out_of_scope_kwargs=_foreign,
        method="post",
        ok_status=frozenset({302}),
        body=lambda w: {},
        state=_status("protection_answered"),
    ),
    "protection:my_requests": Expect(allowed=frozenset({R.PROJECT_HOLDER})),
}
