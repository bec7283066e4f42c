"""The station's models, one module per topic: the shared parties (areas, staff, employers,
positions), the directory and rights help, job wishes and matching, and training (courses,
sign-ups, attendance, completions)."""

from station.models.directory import (
    RIGHTS_PERMISSION,
    DirectoryPage,
    EmployerStaff,
    RightsPage,
    RightsRequest,
    RightsStatus,
    RightsTopic,
)
from station.models.matching import Outcome, Recommendation, Registration
from station.models.parties import Area, Employer, Position, StationStaff
from station.models.training import (
    Attendance,
    Completion,
    CourseIndexPage,
    CoursePage,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
)

__all__ = [
    "RIGHTS_PERMISSION",
    "Area",
    "Attendance",
    "Completion",
    "CourseIndexPage",
    "CoursePage",
    "CourseSession",
    "DirectoryPage",
    "Employer",
    "EmployerStaff",
    "Enrolment",
    "EnrolmentStatus",
    "Outcome",
    "Position",
    "Recommendation",
    "Registration",
    "RightsPage",
    "RightsRequest",
    "RightsStatus",
    "RightsTopic",
    "StationStaff",
]
