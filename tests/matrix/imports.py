from rowad.accounts.enums import Role
from tests.imports.factories import ImportBatchFactory
from tests.matrix.base import Expect

IMPORTERS = frozenset({Role.AGENCY_OFFICER, Role.FIELD_AGENT})


def build(world) -> None:
    world.objects["batch"] = ImportBatchFactory(
        organization=world.oran_agency, province=world.oran, file_name="oran.csv"
    )
    world.objects["foreign_batch"] = ImportBatchFactory(
        organization=world.hoceima_agency, province=world.hoceima, country="MA", file_name="Zzforeignzz.csv"
    )


def _in(w):
    return {"pk": w.objects["batch"].pk}


def _out(w):
    return {"pk": w.objects["foreign_batch"].pk}


def _hidden(w):
    return "Zzforeignzz"


POSTED = frozenset({302})
EXPECTATIONS = {
    "imports:batch_list": Expect(allowed=IMPORTERS, hidden_text=_hidden),
    "imports:batch_upload": Expect(allowed=IMPORTERS),
    "imports:batch_detail": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_progress": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
    "imports:batch_report": Expect(allowed=IMPORTERS, kwargs=_in, out_of_scope_kwargs=_out),
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
