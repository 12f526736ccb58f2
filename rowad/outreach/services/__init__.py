"""Every write of the outreach app (split by concept: itinerary, field capture, ideas)."""

from .capture import (  # noqa: F401
    MAX_BATCH,
    SYNC_GRACE_DAYS,
    TALLY_CONFIRM_ABOVE,
    RegistrationEnd,
    RegistrationResult,
    check_registration_open,
    record_tally,
    register_visitor,
    registration_end,
)
from .edits import update_campaign, update_event, update_phase  # noqa: F401
from .errors import OutreachError  # noqa: F401
from .ideas import add_idea, set_idea_outcome  # noqa: F401
from .itinerary import (  # noqa: F401
    add_agenda_item,
    cancel_stop,
    close_registration,
    create_campaign,
    create_event,
    create_phase,
    create_stop,
    delete_stop,
    update_stop,
    validate_stop,
)
