from station.models.parties import Area, Employer, Position, StationStaff

__all__ = ["Area", "Employer", "Position", "StationStaff"]
