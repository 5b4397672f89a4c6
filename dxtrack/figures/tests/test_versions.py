"""The store version and the figures cached per version (decision 0026).

Every writer of what a figure is computed from bumps the version in its own transaction; a
cached programme status is served only at the version it was computed at, so a write shows at
once. Over the `units` fixture (province 74 > district 718 > wards A and B) and KH-07.
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dxtrack.accounts.models import Role
from dxtrack.accounts.services import role_assign, role_revoke
from dxtrack.figures.models import FiguresVersion
from dxtrack.figures.selectors import FigureOptions, programme_status
from dxtrack.figures.services import cells_rebuild, figure_rules_set, store_orgunits_changed
from dxtrack.figures.tests.conftest import target
from dxtrack.figures.versions import (
    figures_changed,
    figures_key,
    figures_version,
    figures_version_number,
)
from dxtrack.orgunits.models import OrgUnitKind
from dxtrack.orgunits.services import orgunit_upsert
from dxtrack.programmes.definition import document_parse
from dxtrack.programmes.models import Indicator
from dxtrack.programmes.services import programme_export, programme_load
from dxtrack.reporting.forms_services import submission_ensure
from dxtrack.reporting.imports.rows import ValueRow
from dxtrack.reporting.imports.service import values_import
from dxtrack.reporting.services import value_delete, value_record
from dxtrack.reporting.tests.forms_factories import person, ward_form
from dxtrack.reporting.workflow import (
    Entry,
    submission_approve,
    submission_reopen,
    submission_return,
    submission_save,
)


@pytest.fixture
def cache_on(settings):
    settings.DXTRACK_FIGURES_CACHE = True


class Bumps:
    """How many times the version moved during a block, and whether its stamp changed."""

    def __enter__(self) -> Bumps:
        self.number, self.stamp = figures_version_number(), figures_version()
        return self

    def __exit__(self, *exc) -> None:  # type: ignore[no-untyped-def]
        self.count = figures_version_number() - self.number
        self.new_stamp = figures_version() != self.stamp


def bumped(block) -> int:  # type: ignore[no-untyped-def]
    with Bumps() as bumps:
        block()
    assert bumps.new_stamp == (bumps.count > 0)
    return bumps.count


# -- every writer bumps the version ---------------------------------------------------------------


def test_value_record_and_delete_bump_the_version_once_each(units, make_indicator):
    count = make_indicator("C")
    assert bumped(lambda: value_record(indicator=count, org_unit=units["ward_a"], period="2024", value=D(3))) == 1
    assert bumped(lambda: value_delete(indicator=count, org_unit=units["ward_a"], period="2024")) == 1


@pytest.mark.parametrize("built", [False, True], ids=["values", "store"])
def test_every_form_step_bumps_the_version(units, make_indicator, built):
    count = make_indicator("C")
    if built:
        cells_rebuild()
    form = ward_form(count.programme)
    reporter = person("reporter_a", Role.REPORTER, units["ward_a"])
    approver = person("approver", Role.APPROVER, units["province"])
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")

    def submit() -> None:
        submission_save(submission=submission, entries=[Entry(indicator=count, value=D(12))], user=reporter, submit=True)
        submission.refresh_from_db()

    assert bumped(submit) >= 1
    assert bumped(lambda: submission_return(submission=submission, user=approver, comment="xem lại")) == 1
    submit()
    assert bumped(lambda: submission_approve(submission=submission, user=approver)) == 1
    assert bumped(lambda: submission_reopen(submission=submission, user=approver, comment="mở lại")) == 1


def test_an_import_bumps_the_version(units, make_indicator):
    make_indicator("C")

    def run() -> None:
        report = values_import(rows=[ValueRow(row=2, indicator_code="C", unit_code="25747", period="2024", value="7")], user=None, source="test")
        assert report.created == 1, report

    assert bumped(run) >= 1


def test_a_role_change_bumps_the_version_when_it_changes_which_values_count(units, make_indicator):
    count = make_indicator("C")
    reporter = person("reporter_b", Role.REPORTER, units["ward_b"])
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(20), recorded_by=reporter)
    assert bumped(lambda: role_assign(user=reporter, role=Role.APPROVER, org_unit=units["district"], by=None)) == 1
    assert bumped(lambda: role_revoke(user=reporter, role=Role.APPROVER, org_unit=units["district"], by=None)) == 1


@pytest.mark.parametrize("built", [False, True], ids=["values", "store"])
def test_org_unit_and_lineage_changes_bump_the_version(units, built):
    if built:
        cells_rebuild()
    assert bumped(lambda: orgunit_upsert(code="25999", kind=OrgUnitKind.COMMUNE, name_vi="Phường Mới", parent=units["district"])) >= 1
    assert bumped(store_orgunits_changed) >= 1  # the hook after an import of units and lineage


def test_figure_rules_and_programme_definitions_bump_the_version(units, programme, make_indicator):
    make_indicator("C")
    programme.area = units["country"]  # a programme file names a current unit (74 ended in 2025)
    programme.save()
    assert bumped(lambda: figure_rules_set(programme=programme, threshold=D("0.5"))) >= 1
    assert programme.figure_rules.completeness_threshold == D("0.5")
    document = document_parse(text=programme_export(programme=programme, format="yaml"), filename="kh.yaml")
    assert bumped(lambda: programme_load(document=document)) >= 1
    assert bumped(lambda: programme_load(document=document, dry_run=True)) == 0  # rolled back with the dry run
    assert bumped(lambda: cells_rebuild()) == 1


def test_an_edit_outside_the_services_bumps_the_version(units, programme, make_indicator):
    # The admin and the shell save the models directly: a target's new value must not leave
    # the old figure cached.
    indicator = make_indicator("D")
    assert bumped(lambda: Indicator.objects.filter(pk=indicator.pk).first().save()) == 1
    assert bumped(lambda: programme.save()) == 1
    assert bumped(lambda: Indicator.objects.get(pk=indicator.pk).delete()) >= 1


def test_a_rolled_back_write_leaves_the_stamp_and_the_next_write_draws_a_new_one(db):
    before = figures_version()
    with transaction.atomic():
        figures_changed()
        inside = figures_version()
        transaction.set_rollback(True)
    assert inside != before and figures_version() == before
    figures_changed()
    assert figures_version() not in (before, inside)  # a figure cached under `inside` is never served
    assert FiguresVersion.objects.count() == 1


# -- a cached figure is never served after a write --------------------------------------------------


def _progress_json(*args: str) -> list[dict]:
    out = StringIO()
    call_command("progress", "KH-07", "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _approved_form_value(units, indicator, value: D):  # type: ignore[no-untyped-def]
    form = ward_form(indicator.programme)
    reporter = person("reporter_a", Role.REPORTER, units["ward_a"])
    approver = person("approver", Role.APPROVER, units["province"])
    submission = submission_ensure(form=form, org_unit=units["ward_a"], period="2024")
    submission_save(submission=submission, entries=[Entry(indicator=indicator, value=value)], user=reporter, submit=True)
    return submission, approver


@pytest.mark.parametrize("built", [False, True], ids=["values", "store"])
def test_approving_a_value_changes_the_progress_json_at_once(units, make_indicator, cache_on, built):
    count = make_indicator("C")
    target(count, ">=", 10, deadline="2024-12-31")
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(4))
    if built:
        cells_rebuild()
    submission, approver = _approved_form_value(units, count, D(8))
    first = _progress_json()
    assert _progress_json() == first  # served from the cache: the same answer
    assert first[0]["latest"]["value"] == 4  # ward A's 8 is submitted, not approved
    submission_approve(submission=submission, user=approver)
    after = _progress_json()
    assert after[0]["latest"]["value"] == 12  # 4 + 8, hand-computed
    assert after[0]["met"] is True and first[0]["met"] is not True


def test_the_cache_keeps_variants_as_of_dates_and_areas_apart(units, make_indicator, cache_on, programme):
    count = make_indicator("C")
    target(count, ">=", 10, deadline="2024-12-31")
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(4))
    _approved_form_value(units, count, D(8))
    officer = FigureOptions(include_unapproved=True)
    for _ in range(2):  # the second round is read from the cache
        assert programme_status(programme=programme).rows[0].judged.value == D(4)
        assert programme_status(programme=programme, options=officer).rows[0].judged.value == D(12)
        assert programme_status(programme=programme, options=FigureOptions(include_sample=False)).rows[0].judged.value == D(4)
    base = (programme.pk, programme.area_id, None)
    keys = {
        figures_key("programme_status", base),
        figures_key("programme_status", (programme.pk, programme.area_id, "as_of=2024-12-31")),
        figures_key("programme_status", (programme.pk, units["district"].pk, None)),
        figures_key("programme_status", (programme.pk + 1, programme.area_id, None)),
    }
    assert len(keys) == 4
    # The programme's area moves: the same programme is computed afresh for the new area.
    programme.area = units["district"]
    programme.save()
    assert programme_status(programme=programme).rows[0].judged.value == D(4)


def test_a_warm_programme_status_costs_one_query_the_version(units, make_indicator, cache_on, programme):
    count = make_indicator("C")
    target(count, ">=", 10, deadline="2024-12-31")
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(4))
    programme_status(programme=programme)
    with CaptureQueriesContext(connection) as queries:
        assert programme_status(programme=programme).rows[0].judged.value == D(4)
    assert len(queries) == 1 and "figures_figuresversion" in queries[0]["sql"]


def test_a_warm_overview_request_makes_a_fixed_handful_of_queries(client, units, make_indicator, cache_on, programme):
    count = make_indicator("C")
    target(count, ">=", 10, deadline="2024-12-31")
    value_record(indicator=count, org_unit=units["ward_b"], period="2024", value=D(4))
    url = reverse("dashboards:programme_overview", args=["KH-07"])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    tables = [q["sql"] for q in queries]
    # No figure is computed, no value or cell read.
    assert not any("reporting_datavalue" in sql or "figures_storedcell" in sql for sql in tables), tables
    assert len(tables) == 2, tables  # the programme (with its area) and the store version
