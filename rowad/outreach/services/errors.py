from rowad.core.errors import DomainError


class OutreachError(DomainError):
    """codes: stop_outside_phase, province_not_planned, stops_overlap, dates_reversed,
    registration_closed, place_cancelled, consent_required, uuid_reused, stop_has_records,
    tally_needs_confirmation, tally_negative, day_outside_place, captured_in_future,
    out_of_scope."""
