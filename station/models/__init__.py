from station.models.matching import Outcome, Recommendation, Registration
from station.models.parties import Area, Employer, Position, StationStaff

__all__ = [
    "Area",
    "Employer",
    "Outcome",
    "Position",
    "Recommendation",
    "Registration",
    "StationStaff",
]
