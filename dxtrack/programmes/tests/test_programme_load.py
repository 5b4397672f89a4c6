"""`programme_load`: all of a file or nothing, idempotent, updates in place with history."""

from decimal import Decimal

import pytest

from dxtrack.programmes.definition import document_parse
from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target
from dxtrack.programmes.services import programme_load

from .conftest import history_count, load_text, sample_text, tables_dump


def test_sample_loads_every_part(sample, units):
    programme = Programme.objects.get(code="05-NQ/TU")
    assert programme.area == units["province"]
    assert programme.is_public is True
    assert list(programme.pillars.values_list("code", "order")) == [("CQS", 1), ("KTS", 2)]
    assert list(Indicator.objects.filter(pillar__code="KTS").values_list("code", flat=True)) == ["KTS-01", "KTS-02", "KTS-03"]
    weighted = Indicator.objects.get(code="KTS-03")
    assert weighted.weight_indicator.code == "KTS-02"
    assert weighted.period_type == "quarter"
    assert Indicator.objects.get(code="CQS-01").responsible_agency == units["agency"]
    assert Indicator.objects.get(code="CQS-01").method_note.endswith("Cấp tỉnh, huyện và xã.\n")
    commune_target = Target.objects.get(indicator__code="CQS-01", scope="each_unit")
    assert (commune_target.comparator, commune_target.value, commune_target.scope_level) == (">=", Decimal(100), "commune")
    assert Baseline.objects.get(indicator__code="KTS-02").value == Decimal(68000)
    milestone = Milestone.objects.get(indicator__code="CQS-02")
    assert milestone.done is True and str(milestone.done_on) == "2024-11-20"
    assert Indicator.objects.get(code="CQS-02").unit_aggregation == "none"  # the milestone default
    assert sample.counts["targets"].created == 4
    assert sample.total.created == 1 + 2 + 5 + 4 + 3 + 1


def test_loading_the_same_file_again_changes_nothing(sample):
    before, versions = tables_dump(), history_count()
    result = load_text(sample_text())
    assert not result.changed
    assert result.total.unchanged == sample.total.created
    assert history_count() == versions
    assert tables_dump() == before


def test_changed_file_updates_rows_in_place_and_keeps_the_old_version(sample):
    target = Target.objects.get(indicator__code="KTS-01", deadline__year=2025)
    changed = sample_text().replace("value: 20\n", "value: 22.5\n").replace("name_en: Digital economy\n", "name_en: The digital economy\n")
    result = load_text(changed)

    target.refresh_from_db()
    assert target.value == Decimal("22.5")
    assert list(target.history.order_by("history_date").values_list("value", flat=True)) == [Decimal(20), Decimal("22.5")]
    assert Pillar.objects.get(code="KTS").history.earliest("history_date").name_en == "Digital economy"
    assert (result.counts["targets"].updated, result.counts["pillars"].updated, result.total.updated) == (1, 1, 2)
    assert result.total.created == result.total.removed == 0


def test_rows_missing_from_the_file_are_removed_and_stay_in_history(sample):
    without_baseline = sample_text().replace(
        "        baselines:\n          - period: 2024\n            value: 68_000\n            source: Bài báo về Nghị quyết 05-NQ/TU\n", ""
    )
    result = load_text(without_baseline)
    assert not Baseline.objects.filter(indicator__code="KTS-02").exists()
    assert result.counts["baselines"].removed == 1
    assert Baseline.history.filter(period="2024", history_type="-").count() == 1


def test_a_removed_pillar_takes_its_indicators_with_it(sample):
    text = sample_text()
    only_first_pillar = text[: text.index("  - code: KTS\n")]
    result = load_text(only_first_pillar)
    assert list(Pillar.objects.values_list("code", flat=True)) == ["CQS"]
    assert not Indicator.objects.filter(code__startswith="KTS").exists()
    assert (result.counts["pillars"].removed, result.counts["indicators"].removed) == (1, 3)
    assert Indicator.history.filter(code="KTS-03", history_type="-").exists()


def test_an_indicator_can_move_to_another_pillar(sample):
    text = sample_text()
    block_start = text.index("      - code: KTS-01\n")
    block = text[block_start: text.index("      - code: KTS-02\n")]
    moved = text.replace(block, "").replace("    indicators:\n      - code: CQS-01\n", "    indicators:\n" + block + "      - code: CQS-01\n", 1)
    indicator = Indicator.objects.get(code="KTS-01")
    load_text(moved)
    after = Indicator.objects.get(code="KTS-01")
    assert after.pk == indicator.pk
    assert (after.pillar.code, after.order) == ("CQS", 1)


def test_dry_run_counts_the_changes_and_saves_nothing(sample):
    before = tables_dump()
    changed = sample_text().replace("value: 20\n", "value: 21\n")
    result = programme_load(document=document_parse(text=changed, filename="p.yaml"), dry_run=True)
    assert result.dry_run and result.counts["targets"].updated == 1
    assert tables_dump() == before


def test_a_first_load_in_dry_run_leaves_the_database_empty(units):
    result = programme_load(document=document_parse(text=sample_text(), filename="p.yaml"), dry_run=True)
    assert result.total.created > 0
    assert not Programme.objects.exists() and not Programme.history.exists()


@pytest.mark.parametrize("anchor_text", ["area: '74'", 'area: "74"'])
def test_codes_are_read_as_written_quoted_or_not(units, english, anchor_text):
    load_text(sample_text().replace("area: 74", anchor_text))
    assert Programme.objects.get().area == units["province"]


def test_yaml_merge_keys_fill_in_shared_fields(units, english):
    text = sample_text().replace(
        "      - code: KTS-01\n        name_vi: Tỷ trọng kinh tế số trong GRDP\n        name_en: Digital economy share of GRDP\n"
        "        unit: '%'\n        value_type: percentage\n        unit_aggregation: none\n        period_aggregation: last\n"
        "        natural_limit: 100\n",
        "      - &share\n        code: KTS-01\n        name_vi: Tỷ trọng kinh tế số trong GRDP\n        name_en: Digital economy share of GRDP\n"
        "        unit: '%'\n        value_type: percentage\n        unit_aggregation: none\n        period_aggregation: last\n"
        "        natural_limit: 100\n",
    ).replace(
        "      - code: KTS-02\n",
        "      - <<: *share\n        code: KTS-04\n        name_vi: Tỷ lệ thương mại điện tử trong bán lẻ\n"
        "        targets: []\n      - code: KTS-02\n",
    )
    load_text(text)
    copy = Indicator.objects.get(code="KTS-04")
    assert (copy.value_type, copy.natural_limit, copy.targets.count()) == ("percentage", Decimal(100), 0)
