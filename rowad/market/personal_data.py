"""What in the market app refers to a person: through the enterprise they own (or whose
dossier they hold) — its declared means, its quotes, the offers made to it, its contracts
with their milestones, execution reports and photos, the sponsor's reviews, invoices and
payments, and the contract's rating with the enterprise's contest.

The `*_by` references (declared_by, submitted_by, responded_by, reported_by,
contested_by…) point at the user account; they are kept (who did what), the account
itself being blanked and deactivated by the portal's declaration. Free texts written by
or about the enterprise (notes, decline reasons, remarks, the contest's comment) and the
candidates copied on an allocation are scrubbed of the person's names and numbers. Photos
of the work may show people: they are deleted with their files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, DELETE, KEEP, Declaration, register

OWNERS = "enterprise__dossier__holders"
CONTRACT_OWNERS = "contract__enterprise__dossier__holders"
MILESTONE_OWNERS = "milestone__contract__enterprise__dossier__holders"

AWARD = _(
    "Who was offered, quoted for and awarded a sponsor's order, and why, is the evidence "
    "that the work of the programme was shared by its published rules (rotation, score, "
    "lowest price, an officer's written override); it is kept for audits, the enterprise "
    "being a registered legal person. The person's names and numbers are removed from its "
    "free texts."
)
ACCOUNTS = _(
    "Contracts, invoices and payments are accounting records the sponsor and the agency "
    "must keep for the legal period; they name the enterprise, not the person."
)
WORK = _(
    "What was done under a contract and how the sponsor judged it is kept with the "
    "contract it paid (the rating feeds the allocation by score); the person's names and "
    "numbers are removed from its free texts."
)

register(
    Declaration(
        "market.EnterpriseMeans",
        KEEP,
        person=OWNERS,
        export=(
            "enterprise",
            "workers",
            "equipment",
            "max_concurrent_orders",
            "served_provinces",
            "declared_on",
        ),
        reason=AWARD,
    ),
    Declaration(
        "market.Quote",
        ANONYMISE,
        person=OWNERS,
        export=("order", "enterprise", "amount", "note", "submitted_at"),
        scrub=("note",),
        reason=AWARD,
    ),
    Declaration(
        "market.Allocation",
        ANONYMISE,
        person=OWNERS,
        export=(
            "order",
            "enterprise",
            "round",
            "method",
            "basis",
            "amount",
            "status",
            "offered_at",
            "answer_by",
            "responded_at",
            "decline_reason",
            "override_reason",
        ),
        scrub=("decline_reason", "override_reason", "candidates", "reason"),
        reason=AWARD,
    ),
    Declaration(
        "market.Contract",
        KEEP,
        person=OWNERS,
        export=("reference", "order", "enterprise", "amount", "currency", "signed_on", "ends_on", "status"),
        reason=ACCOUNTS,
    ),
    Declaration(
        "market.Milestone",
        KEEP,
        person=CONTRACT_OWNERS,
        export=("contract", "label", "quantity", "amount", "due_on", "status", "accepted_on"),
        reason=ACCOUNTS,
    ),
    Declaration(
        "market.ExecutionReport",
        ANONYMISE,
        person=MILESTONE_OWNERS,
        export=("milestone", "quantity", "done_on", "note"),
        scrub=("note",),
        reason=WORK,
    ),
    Declaration(
        "market.ReportPhoto",
        DELETE,
        person="report__" + MILESTONE_OWNERS,
        export=("report", "image"),
        files=("image",),
        note=_("Photos of the work may show the people on the site: they are deleted with their files."),
    ),
    Declaration(
        "market.MilestoneReview",
        ANONYMISE,
        person=MILESTONE_OWNERS,
        export=("milestone", "decision", "remarks", "decided_on"),
        scrub=("remarks",),
        reason=WORK,
    ),
    Declaration(
        "market.Invoice",
        KEEP,
        person=MILESTONE_OWNERS,
        export=("number", "milestone", "amount", "currency", "issued_on", "due_on", "paid_amount", "status"),
        reason=ACCOUNTS,
    ),
    Declaration(
        "market.SponsorPayment",
        KEEP,
        person="invoice__" + MILESTONE_OWNERS,
        export=("invoice", "amount", "paid_on", "reference"),
        reason=ACCOUNTS,
    ),
    Declaration(
        "market.ContractRating",
        ANONYMISE,
        person=CONTRACT_OWNERS,
        export=(
            "contract",
            "score",
            "on_time_rate",
            "first_time_rate",
            "rejections",
            "rated_on",
            "contest_comment",
            "contested_at",
        ),
        scrub=("contest_comment",),
        reason=WORK,
    ),
)
