"""Printable PDFs: letters to post, employment contracts to sign, candidate summaries to forward.

Made with fpdf2, imported where used: it brings Pillow and fontTools (about 0.4 s),
which `import app` must not pay. Text is set in DejaVu Sans (templates/fonts/), so
any name prints as written, Ærø or Łódź alike. Recruiter text is printed as plain
text, never interpreted (no markdown, no HTML). Each function takes every word it
prints from the caller, already in the applicant's language, and `now`, which
becomes the PDF's creation date so that the same input makes the same document.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from chalicelib.templating import font_path

FONT = "DejaVu"
MARGIN = 25  # mm: left, right and top, like a business letter
LINE = 5.5  # mm per line of 10.5 pt text


def _pdf(title: str, language: str, now: datetime) -> Any:
    from fpdf import FPDF

    class Paper(FPDF):
        def footer(self) -> None:
            if self.pages_count > 1:
                self.set_y(-15)
                self.set_font(FONT, "", 8)
                self.set_text_color(110)
                self.cell(0, 5, f"{title} · {self.page_no()}/{{nb}}", align="C")

    pdf = Paper(format="A4", unit="mm")
    pdf.add_font(FONT, "", font_path("DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", font_path("DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.set_creator("Rendezvous")
    pdf.set_creation_date(now)
    pdf.add_page()
    pdf.set_font(FONT, "", 10.5)
    return pdf


def _paragraphs(pdf: Any, text: str) -> None:
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        pdf.multi_cell(0, LINE, paragraph.strip("\n"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(LINE * 0.6)


def _facts(pdf: Any, facts: Sequence[tuple[str, str]], label_width: float = 50) -> None:
    """Label and value in two columns; long values wrap, and a table row never splits over pages."""
    from fpdf.fonts import FontFace

    with pdf.table(
        col_widths=(label_width, pdf.epw - label_width),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align="LEFT",
        v_align="TOP",
        line_height=LINE,
        padding=(1, 2, 1, 0),
    ) as table:
        for label, value in facts:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(value)


def letter(
    *,
    language: str,
    sender: Sequence[str],
    recipient: Sequence[str],
    place_and_date: str,
    subject: str,
    greeting: str,
    body: str,
    closing: str,
    signature: Sequence[str],
    now: datetime,
) -> bytes:
    """A one-page business letter laid out for a window envelope (address 45-90 mm from the top, left)."""
    pdf = _pdf(subject, language, now)
    pdf.set_font(FONT, "", 9)
    for line in sender:
        pdf.cell(0, 4.5, line, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.set_xy(MARGIN, 50)
    for line in recipient:
        pdf.cell(85, LINE, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y() + 10, 100))
    pdf.cell(0, LINE, place_and_date, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, "B", 11.5)
    pdf.multi_cell(0, 6, subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 10.5)
    _paragraphs(pdf, greeting)
    _paragraphs(pdf, body)
    pdf.ln(2)
    pdf.multi_cell(0, LINE, closing, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    for line in signature:
        pdf.multi_cell(0, LINE, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def contract(
    *,
    language: str,
    title: str,
    intro: str,
    facts: Sequence[tuple[str, str]],
    terms: tuple[str, str] | None,
    place_and_date: str,
    signatures: Sequence[tuple[str, str]],
    now: datetime,
) -> bytes:
    """The contract's details as a table, further terms as written, and a signature block per party."""
    pdf = _pdf(title, language, now)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 10.5)
    _paragraphs(pdf, intro)
    _facts(pdf, facts)
    if terms:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 10.5)
        pdf.multi_cell(0, LINE, terms[0], new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
        _paragraphs(pdf, terms[1])
    _signature_block(pdf, place_and_date, signatures)
    return bytes(pdf.output())


def _signature_block(pdf: Any, place_and_date: str, signatures: Sequence[tuple[str, str]]) -> None:
    """Side by side: place and date, a line to sign on, who signs. Kept together on one page."""
    if pdf.will_page_break(55):
        pdf.add_page()
    gap = 12
    width = (pdf.epw - gap * (len(signatures) - 1)) / max(len(signatures), 1)
    top = pdf.get_y() + 14
    pdf.set_font(FONT, "", 9)
    for number, (role, name) in enumerate(signatures):
        x = MARGIN + number * (width + gap)
        pdf.line(x, top + 6, x + width, top + 6)
        pdf.set_xy(x, top + 7)
        pdf.cell(width, 4.5, place_and_date)
        pdf.line(x, top + 30, x + width, top + 30)
        pdf.set_xy(x, top + 31)
        pdf.set_font(FONT, "B", 9)
        pdf.cell(width, 4.5, role)
        pdf.set_font(FONT, "", 9)
        pdf.set_xy(x, top + 36)
        pdf.multi_cell(width, 4.5, name)
    pdf.set_xy(MARGIN, top + 46)


def summary(
    *,
    language: str,
    title: str,
    note: str | None,
    facts: Sequence[tuple[str, str]],
    sections: Sequence[tuple[str, str]],
    now: datetime,
) -> bytes:
    """A candidate at a glance: facts, then each longer text (application, screening answers) under its heading."""
    pdf = _pdf(title, language, now)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    if note:
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(90)
        pdf.multi_cell(0, 4.5, note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    pdf.ln(4)
    pdf.set_font(FONT, "", 10.5)
    _facts(pdf, facts, label_width=40)
    for heading, text in sections:
        pdf.ln(4)
        pdf.set_font(FONT, "B", 11.5)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 10.5)
        _paragraphs(pdf, text)
    return bytes(pdf.output())
