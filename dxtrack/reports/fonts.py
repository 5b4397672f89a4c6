"""The serif font of the reports: Times New Roman in the DOCX (Decree 30), and for the PDF and
the measured rules its metric twin Liberation Serif 2, which has every Vietnamese letter
(Debian's fonts-liberation2, installed by `make report-fonts`; the older fonts-liberation lacks
the letters with two marks such as "ộ")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
WORD_FONT = "Times New Roman"


def font_path(*, bold: bool = False, italic: bool = False) -> Path:
    path = FONT_DIR / FILES[(bold, italic)]
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `make report-fonts` (Debian package fonts-liberation2)")
    return path


@cache
def _font(bold: bool, size_pt: float) -> ImageFont.FreeTypeFont:
    # 100 units per point keeps the rounding of the measure well below a millimetre.
    return ImageFont.truetype(str(font_path(bold=bold)), size=int(size_pt * 100))


def text_width_mm(text: str, *, size_pt: float, bold: bool = False) -> float:
    """How wide `text` is when set in Times New Roman (its metrics are Liberation Serif's)."""
    width_units = _font(bold, size_pt).getlength(text)
    return width_units / 100 * 25.4 / 72
