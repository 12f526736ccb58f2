from rowad.accounts.enums import Role
from tests.imports.factories import ImportBatchFactory
from tests.matrix.base import Expect

IMPORTERS = frozenset({Role.AGENCY_OFFICER, Role.FIELD_AGENT})


def build(world) -> None:
    from rowad.imports.enums import ProblemKind
    from rowad.imports.models import ImportProblem
    from tests.factories import PersonFactory

    world.objects["batch"] = ImportBatchFactory(
        organization=world.oran_agency, province=world.oran, file_name="oran.csv"
    )
    world.objects["foreign_batch"] = ImportBatchFactory(
        organization=world.hoceima_agency, province=world.hoceima, country="MA", file_name="Zzforeignzz.csv"
    )
    # A row of each batch set aside for review against a person of its province.
    for name, province in (("batch", world.oran), ("foreign_batch", world.hoceima)):
        person = PersonFactory(province=province, country=province.country_id, national_id="", phone="")
        person.national_id = f"R{person.pk:07d}" if province.country_id == "MA" else f"{person.pk:018d}"
        person.save()
        world.objects[f"{name}_review"] = ImportProblem.objects.create(
            batch=world.objects[name], kind=ProblemKind.REVIEW, line=2, code="existing_person",
            message="x", value=person.national_id, row={"address": "Zzfilezz"},
        )  # fmt: skip


def _in(w):
    return {"pk": w.objects["batch"].pk}


def _out(w):
    return {"pk": w.objects["foreign_batch"].pk}


def _review_in(w):
    return {"pk": w.objects["batch"].pk, "problem_pk": w.objects["batch_review"].pk}


def _review_out(w):
    return {"pk": w.objects["foreign_batch"].pk, "problem_pk": w.objects["foreign_batch_review"].pk}


def _hidden(w):
    return "Zzforeignzz"


POSTED = frozenset({302})
EXPECTATIONS = {
    "imports:batch_list": Expect(allowed=IMPORTERS, hidden_text=_hidden),
    "imports:batch_upload": Expect(allowed=IMPORTERS),
    "imports:batch_detail": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_progress": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_report": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_rejected": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_mapping": Expect(
        allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out, method="post", ok_status=frozenset({400})
    ),
    "imports:batch_start": Expect(
        allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out, method="post", ok_status=POSTED
    ),
    "imports:batch_cancel": Expect(
        allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out, method="post", ok_status=POSTED
    ),
    "imports:batch_undo": Expect(
        allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out, method="post", ok_status=POSTED
    ),
    "imports:review_apply": Expect(
        allowed=IMPORTERS, kwargs=_review_in, out_of_scope_kwargs=_review_out, method="post", ok_status=POSTED
    ),
    "importbatch-list": Expect(allowed=IMPORTERS, hidden_text=_hidden),
    "importbatch-detail": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "importbatch-start": Expect(
        allowed=IMPORTERS,
        kwargs=_in,
        out_of_scope_kwargs=_out,
        method="post",
        ok_status=frozenset({202, 409}),
    ),
}
