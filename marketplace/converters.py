"""Path converters for every app's addresses, registered once (MarketplaceConfig.ready).

``<id:order_id>``: a row's id, 1 to 2**63 − 1. Every primary key here is a BigAutoField
(settings.DEFAULT_AUTO_FIELD), whose range that is on SQLite and PostgreSQL alike, so any id
a row can have is reachable, and a larger number (or 0) is nobody's: the address is simply
not found (404) before any view runs, and no query or service ever sees a number that
SQLite's or PostgreSQL's integer cannot hold.

``<table_format:fmt>``: the file format of an export, csv or xlsx (orders/spreadsheets.py).
"""

from django.urls import register_converter

LARGEST_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= LARGEST_ID:
            raise ValueError(f"{value} is no row's id")  # the address does not match: a 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class TableFormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def converters_register() -> None:
    register_converter(IdConverter, "id")
    register_converter(TableFormatConverter, "table_format")
