from .contracts import (
    Contract,
    ContractRating,
    ExecutionReport,
    Invoice,
    Milestone,
    MilestoneReview,
    ReportPhoto,
    SponsorPayment,
)
from .orders import (
    Allocation,
    EnterpriseMeans,
    Equipment,
    OrderDocument,
    ProgrammeMarketRules,
    Quote,
    WorkOrder,
)

__all__ = [
    "Allocation",
    "Contract",
    "ContractRating",
    "EnterpriseMeans",
    "Equipment",
    "ExecutionReport",
    "Invoice",
    "Milestone",
    "MilestoneReview",
    "OrderDocument",
    "ProgrammeMarketRules",
    "Quote",
    "ReportPhoto",
    "SponsorPayment",
    "WorkOrder",
]
