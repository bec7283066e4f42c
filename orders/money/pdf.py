"""A payslip as a PDF, in the active language, drawn with fpdf2.

The Chinese font is the one the project installs (Debian's ``fonts-noto-cjk``, see
bin/system-deps): Noto Sans CJK, OpenType/CFF outlines inside a TrueType Collection, of which
settings.PAYSLIP_FONT_INDEX picks the Simplified Chinese face. fpdf2 embeds only the glyphs a
payslip uses (about 10 KB) with a ToUnicode map, so its text can be searched and copied.
Without the font no PDF can be made: ``PdfUnavailable`` says so, and the page version, which
prints well, stays available.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from fpdf import FPDF
from fpdf.fonts import FontFace

from marketplace.money import money_text as money
from marketplace.money import signed_money_text as signed
from orders.money.selectors.payslips import Payslip
from orders.templatetags.hours_tags import hourly_line
from orders.templatetags.payslip_tags import china_day as day

logger = logging.getLogger(__name__)

FAMILY = "payslip-cjk"
INK = (31, 31, 31)
MUTED = (96, 96, 96)
RED = (179, 32, 42)
HEADING = FontFace(emphasis="", color=INK, fill_color=(244, 238, 236))
COLLECTIONS = (".ttc", ".otc")


class PdfUnavailable(Exception):
    """This server cannot draw payslips as PDF (its Chinese font is missing or unreadable)."""


def month_title(payslip: Payslip) -> str:
    return formats.date_format(payslip.month, "YEAR_MONTH_FORMAT")


def filename(payslip: Payslip, *, run_id: int | None = None) -> str:
    """payslip-2026-01-13800000001.pdf (ASCII: every browser keeps it as it is)."""
    phone = "".join(char for char in payslip.mother_phone if char.isascii() and char.isalnum())
    run = f"-run{run_id}" if run_id else ""
    return f"payslip-{payslip.month:%Y-%m}{run}-{phone or payslip.mother_id}.pdf"


def payslip_pdf(payslip: Payslip) -> bytes:
    pdf = _document(payslip)
    _header(pdf, payslip)
    if payslip.run_payout is not None:
        _run_payout(pdf, payslip)
    _summary(pdf, payslip)
    _pieces(pdf, payslip)
    _adjustments(pdf, payslip)
    _payouts(pdf, payslip)
    _footer(pdf)
    return bytes(pdf.output())


def _document(payslip: Payslip) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    font_add(pdf)
    pdf.set_title(f"{_('Payslip')} · {month_title(payslip)} · {payslip.mother_name}")
    pdf.set_author(payslip.cooperative)
    pdf.set_creator("妈妈岗 · 巾帼好品")
    pdf.add_page()
    return pdf


def font_add(pdf: FPDF) -> None:
    """Load the CJK font every PDF of the site is set in (payslips, the station's directory);
    PdfUnavailable when it is missing or unreadable."""
    path = Path(settings.PAYSLIP_FONT)
    if not path.is_file():
        logger.error("payslip PDF: font %s not found (install fonts-noto-cjk)", path)
        raise PdfUnavailable(str(path))
    index = settings.PAYSLIP_FONT_INDEX if path.suffix.lower() in COLLECTIONS else 0
    try:
        pdf.add_font(FAMILY, "", str(path), collection_font_number=index)
    except Exception as error:  # fontTools raises many kinds for an unreadable font
        logger.exception("payslip PDF: font %s (face %s) cannot be read", path, index)
        raise PdfUnavailable(str(path)) from error


def _text(pdf: FPDF, text: str, *, size: float = 10, color=INK, height: float = 6) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", wrapmode="CHAR")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    _text(pdf, text, size=13, color=RED, height=8)


def _header(pdf: FPDF, payslip: Payslip) -> None:
    _text(pdf, f"{_('Payslip')} · {month_title(payslip)}", size=18, color=RED, height=10)
    _text(pdf, payslip.cooperative, size=12, height=7)
    _text(
        pdf,
        _("%(name)s · mobile %(phone)s")
        % {"name": payslip.mother_name, "phone": payslip.mother_phone},
    )
    _text(
        pdf,
        _("Period %(first)s to %(last)s (China time)")
        % {"first": f"{payslip.month:%Y-%m-%d}", "last": f"{payslip.last_day:%Y-%m-%d}"},
        color=MUTED,
    )
    _text(pdf, _("Issued %(date)s") % {"date": day(timezone.now())}, color=MUTED)


def _run_payout(pdf: FPDF, payslip: Payslip) -> None:
    line = payslip.run_payout
    _heading(pdf, _("Payout run up to %(cutoff)s") % {"cutoff": f"{line.cutoff:%Y-%m-%d}"})
    _table(
        pdf,
        [_("Paid to her"), _("Method"), _("Status"), _("Reference")],
        [[money(line.amount), line.way, line.status_label, line.reference or "—"]],
        widths=(30, 40, 40, 70),
        right=(0,),
    )


def _summary(pdf: FPDF, payslip: Payslip) -> None:
    _heading(pdf, _("Balance summary"))
    rows = [
        [_("Opening balance"), money(payslip.opening)],
        [_("Earnings"), signed(payslip.earnings)],
        [_("Adjustments"), signed(payslip.adjusted)],
        [_("Paid out"), signed(-payslip.paid_out)],
        [_("Closing balance"), money(payslip.closing)],
    ]
    _table(pdf, [_("Item"), _("Amount")], rows, widths=(120, 60), right=(1,))


def _pieces(pdf: FPDF, payslip: Payslip) -> None:
    _heading(pdf, _("Pieces and earnings"))
    if not payslip.pieces:
        _text(pdf, _("No pieces were inspected this month."), color=MUTED)
        return
    rows = [
        [
            line.product,
            money(line.rate),
            str(line.accepted),
            str(line.rejected),
            signed(line.amount),
        ]
        for line in payslip.pieces
    ]
    rows.append(
        [_("Total"), "", str(payslip.accepted), str(payslip.rejected), signed(payslip.earnings)]
    )
    headings = [_("Product"), _("Rate"), _("Accepted"), _("Rejected"), _("Amount")]
    _table(pdf, headings, rows, widths=(70, 25, 25, 25, 35), right=(1, 2, 3, 4))
    if payslip.hours and payslip.hours.hourly is not None:
        _text(pdf, hourly_line(payslip.hours), size=10)
    if any(line.corrections for line in payslip.pieces):
        _text(
            pdf,
            _("Corrected results count as the difference from the result they correct."),
            size=9,
            color=MUTED,
        )


def _adjustments(pdf: FPDF, payslip: Payslip) -> None:
    if not payslip.adjustments:
        return
    _heading(pdf, _("Adjustments"))
    rows = [
        [day(line.recorded_at), line.reason, signed(line.amount)] for line in payslip.adjustments
    ]
    _table(pdf, [_("Date"), _("Reason"), _("Amount")], rows, widths=(30, 115, 35), right=(2,))


def _payouts(pdf: FPDF, payslip: Payslip) -> None:
    if not payslip.payouts:
        return
    _heading(pdf, _("Payouts"))
    rows = [_payout_row(line) for line in payslip.payouts]
    headings = [_("Date"), _("Run up to"), _("Method"), _("Status · reference"), _("Amount")]
    _table(pdf, headings, rows, widths=(25, 25, 35, 60, 35), right=(4,))


def _payout_row(line) -> list[str]:
    status = _("Failed: given back to the balance") if line.given_back else line.status_label
    if line.reference:
        status = f"{status} · {line.reference}"
    return [
        day(line.recorded_at),
        f"{line.cutoff:%Y-%m-%d}",
        line.way,
        status,
        signed(-line.amount),
    ]


def _footer(pdf: FPDF) -> None:
    pdf.ln(4)
    _text(
        pdf,
        _("Amounts in yuan (CNY). Questions about this payslip: ask your cooperative."),
        size=9,
        color=MUTED,
    )


def _table(pdf: FPDF, headings, rows, *, widths, right=()) -> None:
    pdf.set_font(FAMILY, size=10)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(210, 200, 196)
    aligns = ["RIGHT" if index in right else "LEFT" for index in range(len(headings))]
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        text_align=aligns,
        headings_style=HEADING,
        wrapmode="CHAR",
        line_height=6,
        padding=(1, 2),
    ) as table:
        for values in [headings, *rows]:
            row = table.row()
            for value in values:
                row.cell(value)
