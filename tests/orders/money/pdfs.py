"""Reading the PDFs the tests get back (payslips, alone or in a zip)."""

import io

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    """The PDF's text without white space and NULs. fpdf2 writes a CID-keyed CFF font with
    an embedded encoding CMap (code → CID, as the PDF standard wants for such a font); pypdf
    reads its two-byte codes with stray NULs and spaces between the glyphs, which viewers
    (PDFium, pdf.js) do not show: the characters themselves come out right."""
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    return "".join(text.replace("\x00", "").split())
