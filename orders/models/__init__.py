from orders.models.fairwork import TimingSample
from orders.models.inspection import Handover, Inspection, Rejection, RejectionReason
from orders.models.ledger import AppendOnly, EntryKind, LedgerEntry
from orders.models.members import InvitationStatus, MembershipInvitation
from orders.models.payouts import (
    OfflineMethod,
    Payout,
    PayoutProfile,
    PayoutRun,
    PayoutStatus,
    Rail,
    RunStatus,
    same_person,
    way_label,
)
from orders.models.prepared import PreparedFile, PreparedKind, PreparedStatus
from orders.models.production import (
    Claim,
    ClaimStatus,
    MemberSkill,
    OrderMode,
    OrderStatus,
    ProductionOrder,
    Skill,
    claim_worth,
)
from orders.models.tallies import Grain, MotherTally, RejectionTally, WorkTally

__all__ = [
    "AppendOnly",
    "Claim",
    "ClaimStatus",
    "EntryKind",
    "Grain",
    "Handover",
    "Inspection",
    "InvitationStatus",
    "LedgerEntry",
    "MemberSkill",
    "MembershipInvitation",
    "MotherTally",
    "OfflineMethod",
    "Payout",
    "PayoutProfile",
    "PayoutRun",
    "PayoutStatus",
    "PreparedFile",
    "PreparedKind",
    "PreparedStatus",
    "Rail",
    "RunStatus",
    "OrderMode",
    "OrderStatus",
    "ProductionOrder",
    "Rejection",
    "RejectionReason",
    "RejectionTally",
    "Skill",
    "TimingSample",
    "WorkTally",
    "claim_worth",
    "same_person",
    "way_label",
]
