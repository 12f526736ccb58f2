"""What in the messaging app refers to a person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, Declaration, register

register(
    Declaration(
        "messaging.Message",
        ANONYMISE,
        person="person",
        export=(
            "created_at",
            "kind",
            "channel",
            "recipient",
            "language",
            "subject",
            "body",
            "status",
            "sent_at",
        ),
        anonymise={"recipient": "", "subject": "", "body": ""},
        reason=_(
            "That a notice of a decision was sent, when and on which channel, stays as proof "
            "the holder was informed; its address and text are erased."
        ),
    ),
    Declaration(
        "messaging.MessageAttempt",
        ANONYMISE,
        person="message__person",
        anonymise={"error": "", "provider_id": ""},
        note=_("Delivery attempts of the messages (not exported: technical)."),
    ),
)
