"""The station's models, one module per topic: the shared parties (areas, staff, employers,
positions) and training (courses, sign-ups, attendance, completions)."""

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
    "Area",
    "Attendance",
    "Completion",
    "CourseIndexPage",
    "CoursePage",
    "CourseSession",
    "Employer",
    "Enrolment",
    "EnrolmentStatus",
    "Position",
    "StationStaff",
]
