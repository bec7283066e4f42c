"""The demo's region and its example minimum wages (``data/regions.toml``): created if
missing, never changed; the demo cooperatives are put in the region if they have none."""

import datetime
from decimal import Decimal

from marketplace.demo.datafiles import datafile_load
from marketplace.models import Cooperative, MinimumWage, Region

_regions = datafile_load(__file__, "regions")
REGIONS: dict[str, dict] = _regions["regions"]
MINIMUM_WAGES: list[dict] = _regions["minimum_wages"]


def regions_ensure(*, cooperatives: dict[str, Cooperative]) -> dict[str, Region]:
    regions = {code: _region(code, row, cooperatives) for code, row in REGIONS.items()}
    for row in MINIMUM_WAGES:
        MinimumWage.objects.get_or_create(
            region=regions[row["region"]],
            effective_from=datetime.date.fromisoformat(row["from"]),
            defaults={
                "hourly": Decimal(row["hourly"]),
                "source": row["source"],
                "is_example": True,
            },
        )
    return regions


def _region(code: str, row: dict, cooperatives: dict[str, Cooperative]) -> Region:
    region, _ = Region.objects.get_or_create(
        code=code, defaults={"name": row["name"], "name_en": row["name_en"]}
    )
    members = [cooperatives[slug].pk for slug in row["cooperatives"]]
    Cooperative.objects.filter(pk__in=members, region__isnull=True).update(region=region)
    return region
