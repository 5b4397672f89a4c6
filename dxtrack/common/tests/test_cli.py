"""The `dxtrack` script speaks the terminal's language and lists its own commands first."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def dxtrack(*args: str, lang: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("LC_")}
    environment["LANG"] = lang
    return subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "dxtrack.cli", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_the_main_help_lists_our_commands_first_in_vietnamese():
    out = dxtrack(lang="vi_VN.UTF-8").stdout
    ours, _, django = out.partition("Các lệnh khác (của Django")
    assert "Các lệnh của dxtrack:" in ours
    # The column is as wide as the longest command's name.
    assert re.search(r"^  values +Nhập số liệu báo cáo từ một tệp", ours, re.M)
    assert re.search(r"^  progress +In tình hình", ours, re.M)
    listed = {line.split()[0] for line in ours.splitlines() if line.startswith("  ")}
    assert {"values", "progress", "serve", "backup", "restore"} <= listed and "migrate" not in listed
    assert "migrate" in django and "db_worker" in django


def test_a_commands_help_is_in_english_under_an_english_locale_without_developer_options():
    out = dxtrack("values", "import", "--help", lang="en_GB.UTF-8").stdout
    assert "check and count the changes, save nothing" in out and "show this help message and exit" in out
    assert "--settings" not in out and "--traceback" not in out and "--skip-checks" not in out


@pytest.mark.parametrize("args", [("help", "values"), ("values", "import", "--help")])
def test_a_commands_help_is_in_vietnamese_under_a_vietnamese_locale(args):
    out = dxtrack(*args, lang="vi_VN.UTF-8").stdout
    assert "cách dùng:" in out and "tùy chọn:" in out and "hiện trợ giúp này rồi thoát" in out
    assert "show this help" not in out and "options:" not in out


def test_an_argument_error_is_in_the_terminals_language():
    result = dxtrack("values", "import", lang="vi_VN.UTF-8")
    assert result.returncode != 0
    assert "thiếu các đối số bắt buộc: file" in result.stderr
