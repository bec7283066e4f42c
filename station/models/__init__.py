from station.models.directory import (
    RIGHTS_PERMISSION,
    DirectoryPage,
    EmployerStaff,
    RightsPage,
    RightsRequest,
    RightsStatus,
    RightsTopic,
)
from station.models.parties import Area, Employer, Position, StationStaff

__all__ = [
    "RIGHTS_PERMISSION",
    "Area",
    "DirectoryPage",
    "Employer",
    "EmployerStaff",
    "Position",
    "RightsPage",
    "RightsRequest",
    "RightsStatus",
    "RightsTopic",
    "StationStaff",
]
