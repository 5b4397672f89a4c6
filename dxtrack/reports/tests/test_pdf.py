"""The PDF read back: the text of a chosen sentence with every diacritic, the fonts embedded,
page numbers from page 2, and the pages rendered to PNG by pdftoppm."""

import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from dxtrack.reports.services import report_file_write
from dxtrack.reports.tests.conftest import AS_OF, ISSUED

# Not skipped when missing: `make test` installs poppler-utils (`make report-deps`), and a skip
# would hide a broken install step.
PDFTOPPM = shutil.which("pdftoppm") or "pdftoppm is missing: run `make report-deps`"
PDFTOTEXT = shutil.which("pdftotext") or "pdftotext is missing: run `make report-deps`"

# The headline: every Vietnamese letter with a mark in it must come back as it was written.
SENTENCE = ("Tính đến ngày 31/12/2024, trong 2 chỉ tiêu có 1 chỉ tiêu đã đạt, 0 đúng tiến độ, 0 có nguy cơ, "
            "1 chậm tiến độ và 0 chưa có số liệu.")
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.fixture
def pdf(programme, tmp_path):
    path = tmp_path / "report.pdf"
    report_file_write(programme=programme, as_of=AS_OF, fmt="pdf", output=path, language="vi", issued_on=ISSUED)
    return path


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def test_the_text_comes_back_with_every_diacritic(pdf):
    text = _flat("".join(page.extract_text() for page in PdfReader(pdf).pages))
    marked = {letter for letter in SENTENCE + MOTTO if ord(letter) > 127}
    assert marked >= set("íđếàỉệãạúộóơậưốà")  # the sentence really has them
    assert SENTENCE in text
    assert MOTTO in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Bình Dương, ngày 05 tháng 02 năm 2026" in text


def test_the_fonts_are_embedded(pdf):
    fonts = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program itself is in the file
            fonts.add(descriptor["/FontName"].split("+", 1)[1])
    assert fonts >= {"Report-Serif", "Report-Serif-Bold"}


def test_pages_render_to_png_and_are_numbered_from_page_two(pdf, tmp_path):
    pages = len(PdfReader(pdf).pages)
    subprocess.run([PDFTOPPM, "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=60)  # noqa: S603
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == pages >= 2
    assert all(image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for image in images)
    assert _page_text(pdf, 1).split()[0] != "1"
    assert _page_text(pdf, 2).split()[0] == "2"


def _page_text(pdf, page: int) -> str:
    command = [PDFTOTEXT, "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout  # noqa: S603


def test_the_same_report_twice_is_the_same_file(pdf, programme, tmp_path):
    again = tmp_path / "again.pdf"
    report_file_write(programme=programme, as_of=AS_OF, fmt="pdf", output=again, language="vi", issued_on=ISSUED)
    assert again.read_bytes() == pdf.read_bytes()
