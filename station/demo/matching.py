"""The demo's job wishes (with and without consent), the station's staff of 水集街道, and
recommendations with their outcomes. Employers and positions are made only when missing: the
directory's demo may already have them. Creates only what is missing, so it can run again."""

import datetime

from django.utils import timezone

from marketplace.demo import user_ensure
from marketplace.demo.datafiles import datafile_load
from orders.models import Skill
from station.models import Area, Employer, Position, Recommendation, Registration, StationStaff

DATA = datafile_load(__file__, "matching")


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _areas() -> dict[str, Area]:
    return {
        row["slug"]: Area.objects.get_or_create(slug=row["slug"], defaults=row)[0]
        for row in DATA["areas"]
    }


def _employers(areas: dict[str, Area]) -> dict[str, Employer]:
    employers = {}
    for row in DATA["employers"]:
        defaults = {**row, "area": areas[row["area"]]}
        employers[row["slug"]] = Employer.objects.get_or_create(
            slug=row["slug"], defaults=defaults
        )[0]
    return employers


def _position(employers: dict[str, Employer], row: dict) -> Position:
    employer = employers[row["employer"]]
    fields = {**row, "employer": employer, "area": employer.area}
    fields |= {"starts_at": _time(row["starts_at"]), "ends_at": _time(row["ends_at"])}
    return Position.objects.get_or_create(employer=employer, title=row["title"], defaults=fields)[0]


def _registration(areas: dict[str, Area], row: dict) -> Registration:
    user = user_ensure(username=row["username"], password="")
    found = Registration.objects.filter(user=user, closed_at__isnull=True).first()
    if found:
        return found
    fields = {key: row[key] for key in ("days", "needs_bus", "needs_childcare", "consent", "note")}
    registration = Registration.objects.create(
        user=user,
        name=user.first_name,
        phone=user.username,
        earliest_start=_time(row["earliest_start"]),
        latest_finish=_time(row["latest_finish"]),
        consent_at=timezone.now() if row["consent"] else None,
        **fields,
    )
    registration.areas.set([areas[slug] for slug in row["areas"]])
    registration.skills.set(Skill.objects.filter(slug__in=row["skills"]))
    return registration


def seed_matching(stdout=None) -> None:
    areas = _areas()
    employers = _employers(areas)
    positions = {
        (row["employer"], row["title"]): _position(employers, row) for row in DATA["positions"]
    }
    for row in DATA["staff"]:
        user = user_ensure(
            username=row["username"], password=row["password"], first_name=row["first_name"]
        )
        StationStaff.objects.get_or_create(user=user, area=areas[row["area"]])
    registrations = {row["username"]: _registration(areas, row) for row in DATA["registrations"]}
    for row in DATA["recommendations"]:
        Recommendation.objects.get_or_create(
            registration=registrations[row["username"]],
            position=positions[(row["employer"], row["title"])],
            defaults={"outcome": row["outcome"], "note": row["note"], "outcome_at": timezone.now()},
        )
    if stdout is not None:
        staff = ", ".join(f"{row['username']} / {row['password']}" for row in DATA["staff"])
        stdout.write(
            f"station: {len(registrations)} job registrations, {len(positions)} positions; "
            f"station staff login {staff}"
        )
