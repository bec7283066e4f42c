"""The station in the Wagtail admin: each topic registers its own screens."""

import station.directory.admin  # noqa: F401
