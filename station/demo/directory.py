"""The demo's directory and rights help, from data/directory.toml (its header gives the
schema): areas, the seed's friendly employers with their positions, and the two pages in
Chinese and English. Creates only what is missing."""

import datetime

from django.contrib.auth import get_user_model

from marketplace.demo.datafiles import datafile_load
from orders.models import Skill
from showcase.demo import locale_ensure, page_ensure
from showcase.models import HomePage
from station.models import Area, DirectoryPage, Employer, EmployerStaff, Position, RightsPage

DATA = datafile_load(__file__, "directory")
# Baoquan's staff member, who keeps its positions current at /station/positions/.
EMPLOYER_LOGIN = ("employer", "baoquan", "baoquan-demo-2026")


def seed_directory(*, home: HomePage, stdout=None) -> dict:
    areas = {slug: _area(slug, fields) for slug, fields in DATA["areas"].items()}
    employers = {slug: _employer(slug, fields, areas) for slug, fields in DATA["employers"].items()}
    positions = [_position(fields, employers, areas) for fields in DATA["positions"]]
    _employer_staff(employers["baoquan"])
    en = locale_ensure("en")
    pages = [
        page_ensure(
            parent=home, model=model, slug=slug, locale=home.locale, en=en, fields=_texts(key)
        )
        for model, slug, key in (
            (DirectoryPage, "directory", "directory_page"),
            (RightsPage, "rights", "rights_page"),
        )
    ]
    if stdout is not None:
        stdout.write(f"station: {len(employers)} friendly employers, {len(positions)} positions")
    return {"employers": employers, "positions": positions, "pages": pages}


def _employer_staff(employer: Employer) -> None:
    _role, username, password = EMPLOYER_LOGIN
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": "宝泉花生 人事"}
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmployerStaff.objects.get_or_create(user=user, employer=employer)


def _texts(key: str):
    return lambda lang: {name: text[lang] for name, text in DATA[key].items()}


def _area(slug: str, fields: dict) -> Area:
    return Area.objects.get_or_create(slug=slug, defaults=fields)[0]


def _employer(slug: str, fields: dict, areas: dict) -> Employer:
    defaults = {**fields, "area": areas[fields["area"]]}
    return Employer.objects.get_or_create(slug=slug, defaults=defaults)[0]


def _position(fields: dict, employers: dict, areas: dict) -> Position:
    fields = dict(fields)
    employer = employers[fields.pop("employer")]
    skills = fields.pop("skills", [])
    area = areas[fields.pop("area")] if "area" in fields else employer.area
    for name in ("starts_at", "ends_at"):
        fields[name] = datetime.time.fromisoformat(fields[name])
    position, created = Position.objects.get_or_create(
        employer=employer, title=fields.pop("title"), defaults={**fields, "area": area}
    )
    if created and skills:
        position.skills.set(Skill.objects.filter(slug__in=skills))
    return position
