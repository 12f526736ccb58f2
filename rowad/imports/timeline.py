"""What imports tell of a person's story (rowad.core.timeline): the imported rows that
created or matched them, in the batches the reader sees (batches_visible_to)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from rowad.core.timeline import TimelineEvent

from .models import ImportedRecord
from .queries import batches_visible_to


def person_events(user: Any, person: Any) -> list[TimelineEvent]:
    records = ImportedRecord.objects.filter(
        person=person, batch__in=batches_visible_to(user).values("pk")
    ).select_related("batch", "source")
    return [
        TimelineEvent(
            when=record.batch.finished_at or record.batch.created_at,
            kind="imports.row",
            title=_("Imported from %(source)s (%(file)s)")
            % {"source": record.source.name, "file": record.batch.file_name},
            url=reverse("imports:batch_detail", args=[record.batch_id]),
            detail=_("Row key: %(key)s") % {"key": record.key},
        )
        for record in records
    ]
