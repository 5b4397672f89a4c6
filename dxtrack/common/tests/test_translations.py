"""The Vietnamese catalogues stay complete: every message translated, compiled, and shown.

Five checks, from cheapest to dearest:

1. every msgid of every Vietnamese catalogue (`locale/vi` and the apps' own `locale/vi`) has a
   translation that is neither empty nor fuzzy, with the same placeholders as the msgid, and
   the same translation in every catalogue that holds it;
2. each committed `.mo` holds exactly the translations of its `.po` (read back through the
   standard library's gettext, so no gettext tools are needed);
3. `makemessages`, run on a scratch copy of the sources, would add no msgid to any catalogue
   (skipped where GNU gettext is not installed);
4. key pages rendered in Vietnamese show none of the English they were written in.

How to update the catalogue: docs/architecture.md, “Translations”.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIRS = [BASE_DIR / "locale", *sorted((BASE_DIR / "dxtrack").glob("*/locale"))]
VI_CATALOGUES = [d / "vi" / "LC_MESSAGES" / "django.po" for d in LOCALE_DIRS if (d / "vi").is_dir()]
ALL_CATALOGUES = sorted(BASE_DIR.joinpath("locale").glob("*/LC_MESSAGES/django.po")) + [
    path for path in VI_CATALOGUES if not path.is_relative_to(BASE_DIR / "locale")
]
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrfiuxXeEgGc%]")


# -- a small .po reader (the standard library has none) ------------------------------------------


@dataclass
class Message:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and "fuzzy" not in self.flags


def po_read(path: Path) -> list[Message]:
    """The messages of a .po file, header (msgid "") included; obsolete `#~` entries left out."""
    messages: list[Message] = []
    current: Message | None = None
    flags: set[str] = set()
    target: tuple[str, int | None] | None = None

    def finish() -> None:
        nonlocal current, target
        if current is not None:
            messages.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            flags = set()
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{number}: a string continues nothing")
            _append(current, target, ast.literal_eval(line))
        else:
            keyword, _, text = line.partition(" ")
            value = ast.literal_eval(text)
            if keyword in ("msgctxt", "msgid") and current is not None and current.msgstr:
                finish()
            if current is None:
                current, flags = Message(flags=flags, line=number), set()
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match:
                target = ("msgstr", int(match.group(1)))
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                target = (keyword, 0 if keyword == "msgstr" else None)
            else:
                raise ValueError(f"{path}:{number}: unknown keyword {keyword}")
            _append(current, target, value, start=True)
    finish()
    return messages


def _append(message: Message, target: tuple[str, int | None], text: str, start: bool = False) -> None:
    name, index = target
    if name == "msgstr":
        assert index is not None
        message.msgstr[index] = ("" if start else message.msgstr.get(index, "")) + text
    else:
        setattr(message, name, ("" if start else getattr(message, name) or "") + text)


def _where(path: Path, message: Message) -> str:
    return f"{path.relative_to(BASE_DIR)}:{message.line}: {message.msgid!r}"


# -- 1. complete --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_every_message_has_a_checked_vietnamese_translation(path: Path) -> None:
    messages = po_read(path)
    header = messages[0]
    assert header.msgid == "" and "fuzzy" not in header.flags, f"{path}: the header is missing or fuzzy"
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    problems = []
    for message in messages[1:]:
        if not message.translated:
            problems.append(f"{_where(path, message)}: {'fuzzy' if 'fuzzy' in message.flags else 'untranslated'}")
            continue
        wanted = sorted(PLACEHOLDER.findall(message.msgid))
        for index, text in message.msgstr.items():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"{_where(path, message)}: msgstr[{index}] placeholders differ from the msgid")
        if message.msgid_plural is not None and list(message.msgstr) != [0]:
            problems.append(f"{_where(path, message)}: Vietnamese has one plural form, msgstr[0]")
    assert not problems, "Vietnamese catalogue incomplete:\n" + "\n".join(problems)


def test_a_message_reads_the_same_in_every_catalogue() -> None:
    # Django merges the catalogues into one: the project's wins, then the first app's in
    # INSTALLED_APPS. A msgid translated differently in two catalogues therefore shows the
    # winner's wording on the other app's pages too; where meanings really differ, the message
    # needs a context (pgettext), not a second translation.
    seen: dict[str, tuple[Path, dict[int, str]]] = {}
    problems = []
    for path in VI_CATALOGUES:
        for message in po_read(path)[1:]:
            first = seen.setdefault(message.key, (path, message.msgstr))
            if first[1] != message.msgstr:
                problems.append(
                    f"{_where(path, message)}: {message.msgstr.get(0)!r}, but "
                    f"{first[0].relative_to(BASE_DIR)} says {first[1].get(0)!r}"
                )
    assert not problems, "the same message is translated differently:\n" + "\n".join(problems)


# -- 2. compiled ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_the_committed_mo_file_matches_its_po_file(path: Path) -> None:
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(BASE_DIR)} is missing: run compilemessages and commit it"
    expected: dict[object, str] = {}
    for message in po_read(path):
        if not message.translated:
            continue  # msgfmt leaves out empty and fuzzy entries
        if message.msgid == "":  # msgfmt drops the header's POT-Creation-Date
            expected[""] = re.sub(r"(?m)^POT-Creation-Date:.*\n", "", message.msgstr[0])
        elif message.msgid_plural is None:
            expected[message.key] = message.msgstr[0]
        else:
            expected.update({(message.key, index): text for index, text in message.msgstr.items()})
    with mo.open("rb") as handle:
        compiled = dict(gettext.GNUTranslations(handle)._catalog)  # noqa: SLF001
    stale = sorted(str(key) for key in expected.keys() ^ compiled.keys())
    stale += sorted(str(key) for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not stale, (
        f"{mo.relative_to(BASE_DIR)} is older than its .po; run "
        "`python manage.py compilemessages --ignore=.venv` and commit the .mo. Differences:\n"
        + "\n".join(stale[:30])
    )


# -- 3. nothing left to extract -------------------------------------------------------------------

IGNORED = [".venv", "var", "bench", "static"]


@pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="GNU gettext is not installed")
def test_makemessages_would_find_no_new_message(tmp_path: Path) -> None:
    """Extraction on a scratch copy, so neither the catalogues nor the sources are touched."""
    copy = tmp_path / "src"
    shutil.copytree(
        BASE_DIR, copy,
        ignore=shutil.ignore_patterns(*IGNORED, ".git", "__pycache__", ".*_cache", "*.egg-info", "*.mo", "test-results"),
    )
    result = subprocess.run(  # noqa: S603  (our own interpreter and manage.py)
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", *(f"--ignore={d}" for d in IGNORED)],
        cwd=copy, capture_output=True, text=True, timeout=300,
        env={**os.environ, "DXTRACK_DATA_DIR": str(tmp_path / "var")},
    )
    assert result.returncode == 0, result.stderr
    # An app's own catalogue may leave a message to another app's catalogue (Django merges
    # them all at run time); the project catalogue, which wins over them, must hold its own.
    elsewhere = {m.key for path in VI_CATALOGUES for m in po_read(path) if m.translated}
    problems = []
    for extracted in sorted(copy.glob("**/locale/vi/LC_MESSAGES/django.po")):
        original = BASE_DIR / extracted.relative_to(copy)
        known = {m.key for m in po_read(original)} if original.exists() else set()
        if original.parent.parent.parent != BASE_DIR / "locale":
            known |= elsewhere
        problems += [
            f"{original.relative_to(BASE_DIR)}: {m.msgid!r}"
            for m in po_read(extracted)[1:]
            if m.key not in known
        ]
    assert not problems, (
        "Messages not yet in the catalogue (makemessages, translate, compilemessages, commit; "
        "see docs/architecture.md, “Translations”):\n" + "\n".join(problems)
    )


# -- 4. pages in Vietnamese -----------------------------------------------------------------------

# What a reader would notice first if the catalogue were missing or not compiled.
ENGLISH = [
    "Indicator", "Target", "Latest value", "Status", "Save draft", "Submit for approval",
    "sample data", "not approved yet", "Log in", "Log out", "My forms", "Programmes",
    "Username", "Password", "Notifications", "Completeness", "Import values",
]


class _VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes and aria-label/title/placeholder/alt."""

    SILENT = {"script", "style"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SILENT:
            self._silent += 1
        self.parts += [value for name, value in attrs if name in ("aria-label", "title", "placeholder", "alt") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SILENT:
            self._silent -= 1

    def handle_data(self, data: str) -> None:
        if not self._silent:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _english_phrases() -> list[str]:
    """Our multi-word msgids without placeholders whose Vietnamese differs: none may show."""
    phrases = set(ENGLISH)
    for message in po_read(BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po")[1:]:
        if " " in message.msgid and "%" not in message.msgid and message.msgstr.get(0) != message.msgid:
            phrases.add(message.msgid)
    return sorted(phrases)


def english_left(html: str) -> list[str]:
    text = visible_text(html)
    return [p for p in _english_phrases() if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]


@pytest.fixture
def pages(units, leader, reporter_a):
    """A programme with a commune form: a draft (not approved) value in ward A, sample data in B."""
    from dxtrack.programmes.models import Indicator, Pillar, Programme, Target
    from dxtrack.reporting.forms_services import submission_ensure
    from dxtrack.reporting.models import FormIndicator, ReportingForm
    from dxtrack.reporting.services import value_record
    from dxtrack.reporting.workflow import Entry, submission_save

    programme = Programme.objects.create(
        code="KH-I18N", title_vi="Kế hoạch thử", title_en="Test plan", horizon_start=2022, horizon_end=2030,
        area=units["province"],
    )
    pillar = Pillar.objects.create(programme=programme, code="CQS", name_vi="Chính quyền số", name_en="Digital government")
    online = Indicator.objects.create(
        programme=programme, pillar=pillar, code="HS-TT", name_vi="Tỷ lệ hồ sơ trực tuyến", name_en="Records online",
        unit="%", value_type="percentage_with_parts", unit_aggregation="ratio_of_sums", period_aggregation="last",
        natural_limit=Decimal(100),
    )
    Target.objects.create(indicator=online, deadline="2025-12-31", comparator=">=", value=Decimal(80))
    form = ReportingForm.objects.create(
        programme=programme, code="BM-XA", name_vi="Biểu mẫu cấp xã", name_en="Commune form",
        unit_level="commune", deadline_working_days=10, approval_level="province",
    )
    FormIndicator.objects.create(form=form, indicator=online, order=1)
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission_save(
        submission=submission, user=reporter_a,
        entries=[Entry(indicator=online, numerator=Decimal(90), denominator=Decimal(100))],
    )
    value_record(
        indicator=online, org_unit=units["ward_b"], period="2024", numerator=Decimal(40),
        denominator=Decimal(100), is_synthetic=True,
    )
    return {"programme": programme, "submission": submission}


def test_key_pages_show_no_english_in_vietnamese(client, pages, leader, reporter_a) -> None:
    login = client.get(reverse("accounts:login"))
    # The leader opts in to values not approved yet, so that their badge is checked too.
    overview = reverse("dashboards:programme_overview", args=[pages["programme"].code]) + "?unapproved=1"
    client.force_login(leader)
    seen = {"login": login, "overview": client.get(overview), "completeness": client.get(reverse("reporting:completeness_index"))}
    client.force_login(reporter_a)
    seen |= {
        "entry": client.get(reverse("reporting:entry", args=[pages["submission"].pk])),
        "my forms": client.get(reverse("reporting:submission_list")),
        "import": client.get(reverse("reporting:import_upload")),
    }
    problems = {}
    for name, response in seen.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        assert '<html lang="vi">' in html, name
        if left := english_left(html):
            problems[name] = left
    assert not problems, f"English left on Vietnamese pages: {problems}"
    # The page really carries what was checked: the badges and the buttons, in Vietnamese.
    assert "dữ liệu mẫu" in visible_text(seen["overview"].content.decode())
    assert "chưa được phê duyệt" in visible_text(seen["overview"].content.decode())
    assert "Nộp để phê duyệt" in visible_text(seen["entry"].content.decode())


def test_the_english_locale_still_shows_the_english_source(client, pages, leader) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(leader)
    html = client.get(reverse("dashboards:programme_overview", args=[pages["programme"].code])).content.decode()
    assert '<html lang="en">' in html
    # and the detector used above does see English where there is some.
    assert {"Latest value", "sample data", "Indicator"} <= set(english_left(html))
