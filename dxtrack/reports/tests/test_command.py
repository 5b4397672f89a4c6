"""`dxtrack report`: the file on success; on bad input a clear message, an error and no file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from docx import Document

from dxtrack.programmes.models import Programme
from dxtrack.reports import services


def _run(tmp_path, *args, name="report.docx"):
    out = StringIO()
    call_command("report", *args, "--output", str(tmp_path / name), stdout=out)
    return out.getvalue()


def test_the_command_writes_the_report_and_says_where(programme, tmp_path):
    said = _run(tmp_path, "KH-09", "--as-of", "2024-12-31", "--format", "docx", "--date", "2026-02-05")
    assert "Đã ghi báo cáo vào" in said and "SHA-256" in said
    assert "ngày 05 tháng 02 năm 2026" in "".join(cell.text for t in Document(str(tmp_path / "report.docx")).tables
                                                   for row in t.rows for cell in row.cells)
    assert [path.name for path in tmp_path.iterdir()] == ["report.docx"]


@pytest.mark.parametrize(("args", "vi", "en"), [
    (("XX-00", "--as-of", "2024-12-31"), "Không có chương trình nào có mã XX-00.", "No programme with code XX-00."),
    (("KH-09", "--as-of", "2021-12-31"), "trước ngày chương trình KH-09 bắt đầu (01/03/2022)", "is before programme KH-09 began (01/03/2022)"),
    (("KH-09", "--as-of", "2999-12-31"), "ở tương lai", "is in the future"),
    (("KH-09", "--as-of", "31/12/2024"), "không phải là ngày", "is not a date"),
])
def test_bad_input_is_refused_in_vietnamese_and_english_and_leaves_no_file(programme, tmp_path, args, vi, en):
    for language, message in (("vi", vi), ("en", en)):
        with translation.override(language), pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
            _run(tmp_path, *args, "--format", "docx")
    assert list(tmp_path.iterdir()) == []


def test_a_programme_without_figures_is_refused(units, tmp_path):
    Programme.objects.create(code="KH-00", title_vi="Trống", horizon_start=2022, horizon_end=2030, area=units["province"])
    with pytest.raises(CommandError, match="chưa có số liệu nào"):
        _run(tmp_path, "KH-00", "--as-of", "2024-12-31", "--format", "xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_render_that_fails_leaves_neither_the_file_nor_a_temporary_one(programme, tmp_path, monkeypatch):
    (tmp_path / "report.docx").write_bytes(b"the previous report")

    def broken(report, path, charts=()):
        path.write_bytes(b"half a document")
        raise OSError("disk full")

    monkeypatch.setattr(services, "docx_write", broken)
    with pytest.raises(OSError, match="disk full"):
        _run(tmp_path, "KH-09", "--as-of", "2024-12-31", "--format", "docx")
    assert [path.name for path in tmp_path.iterdir()] == ["report.docx"]
    assert (tmp_path / "report.docx").read_bytes() == b"the previous report"
