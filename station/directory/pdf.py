"""The directory's offline list as an A4 PDF, in the active language, drawn with fpdf2.

The same library and font as the payslips (orders.money.pdf, README "fpdf2"): Debian's Noto
Sans CJK from bin/system-deps, of which fpdf2 embeds only the glyphs used, so a list of
twenty employers is a few tens of KB and its text can be searched and copied. Without the
font ``PdfUnavailable`` is raised and the print view, which prints as well, stays available.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from fpdf import FPDF
from fpdf.fonts import FontFace

from orders.money.pdf import (
    FAMILY,
    PdfUnavailable,
    font_add,  # one home for loading the CJK font
)
from station.directory import display
from station.directory.selectors import EmployerListing

__all__ = ["PdfUnavailable", "directory_pdf"]

INK = (31, 31, 31)
MUTED = (96, 96, 96)
RED = (179, 32, 42)
HEADING = FontFace(emphasis="", color=INK, fill_color=(244, 238, 236))
WIDTHS = (42, 38, 52, 30, 18)


def directory_pdf(*, title: str, listings: list[EmployerListing], filters: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    font_add(pdf)
    pdf.set_title(title)
    pdf.set_creator("妈妈岗 · 巾帼好品")
    pdf.add_page()
    _text(pdf, title, size=18, color=RED, height=10)
    _text(pdf, filters, color=MUTED)
    _text(pdf, _("Printed %(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"}, color=MUTED)
    if not listings:
        _text(pdf, _("No positions match."), color=MUTED)
    for listing in listings:
        _employer(pdf, listing)
    return bytes(pdf.output())


def _employer(pdf: FPDF, listing: EmployerListing) -> None:
    employer = listing.employer
    pdf.ln(4)
    _text(pdf, employer.display_name, size=13, color=RED, height=8)
    contact = " · ".join(part for part in (employer.address, employer.phone) if part)
    if contact:
        _text(pdf, contact, color=MUTED)
    headings = [_("Position"), _("Hours"), _("Flexibility"), _("Pay"), _("Openings")]
    rows = [_row(position) for position in listing.positions]
    _table(pdf, headings, rows)


def _row(position) -> list[str]:
    return [
        display.title(position),
        display.hours(position),
        " · ".join(display.flexibilities(position)) or "—",
        display.pay(position),
        display.openings(position),
    ]


def _text(pdf: FPDF, text: str, *, size: float = 10, color=INK, height: float = 6) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")


def _table(pdf: FPDF, headings: list[str], rows: list[list[str]]) -> None:
    pdf.set_font(FAMILY, size=9)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(210, 200, 196)
    with pdf.table(
        col_widths=WIDTHS,
        width=sum(WIDTHS),
        align="LEFT",
        headings_style=HEADING,
        wrapmode="CHAR",
        line_height=5,
        padding=(1, 2),
    ) as table:
        for values in [headings, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
