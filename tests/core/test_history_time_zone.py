"""The history shows a change of a date-time field in the site's time zone, like the
"When" column (issue 16, item 7: submission shown one hour off)."""

import datetime

from django.test import override_settings

from rowad.core.history import describe_change
from rowad.dossiers.models import Dossier


@override_settings(TIME_ZONE="Africa/Algiers")
def test_datetime_change_shown_in_local_time():
    submitted = datetime.datetime(2026, 3, 12, 9, 30, tzinfo=datetime.UTC)
    change = describe_change(Dossier(), "submitted_at", None, submitted)
    assert change["new"] == "2026-03-12 10:30"
    assert change["old"] == "—"
