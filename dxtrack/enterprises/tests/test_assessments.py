"""Maturity scoring from the framework files, against the research report's hand computations;
answers immutable; rescoring under a new version keeps the old result; peers shown from 5."""

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dxtrack.enterprises.assessments import (
    FRAMEWORKS_DIR,
    assessment_rescore,
    assessment_submit,
    framework_load,
)
from dxtrack.enterprises.models import AnswersAreImmutable, AssessmentFramework, AssessmentResult
from dxtrack.enterprises.scoring import AnswersInvalid, score
from dxtrack.enterprises.selectors import peer_benchmark, result_current
from dxtrack.enterprises.tests.factories import registry_world

DMA = FRAMEWORKS_DIR / "edih-dma-sme-1.yaml"


def dma() -> dict:
    definition = yaml.safe_load(DMA.read_text(encoding="utf-8"))
    definition.pop("rows_scale")
    return definition


def rows(prefix: str, values: list[int]) -> dict:
    return {f"r{index}": f"{prefix}{value}" for index, value in enumerate(values, start=1)}


def typical_micro() -> dict:
    """The research report's "typical micro" profile (§1.4)."""
    areas = [f"a{i}" for i in range(1, 11)]
    return {
        "Q1_invested": areas[:3], "Q1_planned": areas[:5], "Q2": ["p1", "p2", "p3", "p4"],
        "Q3": ["t1", "t2", "t3", "t4", "t5"], "Q4": rows("s", [0, 0, 1, 0, 2, 0, 0]),
        "Q5": ["k1", "k2"], "Q6": ["e1", "e2", "e3"], "Q7": ["d1", "d3"], "Q8": ["s1", "s2", "s3"],
        "Q9": rows("s", [1, 0, 0, 0, 2]), "Q10": ["g1", "g2"],
        "Q11": {"r1": "no", "r2": "no", "r3": "partly", "r4": "no", "r5": "yes"},
    }


def test_rule_r_on_the_typical_micro_profile():
    # Hand computation (report §1.4): D1 = (3/10 + 5/10 + 4/10)/3 = 40; D2 = (5/10 + (3/7)/5)/2 = 29.29;
    # D3 = (2/7 + 3/8)/2 = 33.04; D4 = (2/7 + 3/6)/2 = 39.29; D5 = (3/5)/5 = 12; D6 = (2/10 + 1.5/5)/2 = 25.
    result = score(dma(), typical_micro())
    assert result.dimensions == {
        "D1": Decimal("40.00"), "D2": Decimal("29.29"), "D3": Decimal("33.04"),
        "D4": Decimal("39.29"), "D5": Decimal("12.00"), "D6": Decimal("25.00"),
    }
    assert (result.overall, result.band) == (Decimal("29.77"), "average")


def test_all_zero_with_data_not_collected_digitally_scores_zero_and_all_maximum_100():
    definition = dma()
    zero = {"Q7": ["d2"], "Q4": rows("s", [0] * 7), "Q9": rows("s", [0] * 5), "Q11": {f"r{i}": "no" for i in range(1, 6)}}
    assert score(definition, zero).overall == Decimal("0.00")
    full = {q["code"]: ([o[0] for o in q["options"] if o[0] != q.get("exclusive_negative")] if q["kind"] == "multi"
                        else {r[0]: q["options"][-1][0] for r in q["rows"]})
            for d in definition["dimensions"] for q in d["questions"]}
    result = score(definition, full)
    assert set(result.dimensions.values()) == {Decimal("100.00")} and result.band == "advanced"


@pytest.mark.parametrize(("value", "band"), [(Decimal(25), "basic"), (Decimal("25.01"), "average"), (Decimal(75), "moderately_advanced"), (Decimal("75.01"), "advanced")])
def test_dma_bands_at_their_edges(value, band):
    from dxtrack.enterprises.scoring import band_of

    assert band_of(dma(), value) == band


def test_an_answer_outside_the_options_is_named():
    answers = typical_micro()
    answers["Q3"] = ["t1", "t99"]
    answers["Q4"]["r2"] = "s9"
    with pytest.raises(AnswersInvalid) as refused:
        score(dma(), answers)
    assert [where for where, _message in refused.value.errors] == ["Q3", "Q4.r2"]


def test_dbi_levels():
    definition = yaml.safe_load((FRAMEWORKS_DIR / "dbi-2021-1.yaml").read_text(encoding="utf-8"))
    levels = {"P1": 2, "P2": 1, "P3": 3, "P4": 2, "P5": 1, "P6": 2}  # mean 11/6 = 1.83 → level 1
    result = score(definition, {f"{p}_level": {"level": f"l{v}"} for p, v in levels.items()})
    assert result.dimensions["P3"] == Decimal("3.00") and result.overall == Decimal("1.83") and result.band == "l1"


@pytest.fixture
def world(units):
    return registry_world(units)


def test_answers_are_kept_as_given_and_a_new_version_rescores_them(world, tmp_path):
    v1 = framework_load(path=DMA)
    assessment = assessment_submit(enterprise=world["software"], framework=v1, answers=typical_micro())
    with pytest.raises(AnswersAreImmutable):
        assessment.save()
    changed = dma()
    changed["version"] = 2
    changed["dimensions"][3]["questions"][0].pop("exclusive_negative")  # Rule A: the negative option counts
    path = tmp_path / "edih-dma-sme-2.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    v2 = framework_load(path=path)
    assert assessment_rescore(framework=v2) == 1
    old, new = (AssessmentResult.objects.get(assessment=assessment, framework=version) for version in (v1, v2))
    assert old.dimension_scores["D4"] == "39.29"  # 2 of 7 positive options: kept
    assert new.dimension_scores["D4"] == "37.50"  # 2 of 8 options: (0.25 + 0.5)/2
    assert result_current(assessment) == new
    assert assessment_rescore(framework=v2) == 0  # nothing twice


def test_a_changed_file_with_the_same_version_is_refused(db, tmp_path):
    from dxtrack.enterprises.assessments import FrameworkChanged

    framework_load(path=DMA)
    changed = dma()
    changed["title_en"] = "Something else"
    path = tmp_path / "same-version.yaml"
    path.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkChanged):
        framework_load(path=path)
    assert AssessmentFramework.objects.count() == 1


def test_peer_benchmark_is_hidden_below_five_peers(world):
    from dxtrack.enterprises.models import Enterprise

    framework = framework_load(path=DMA)
    own = assessment_submit(enterprise=world["software"], framework=framework, answers=typical_micro())
    peers = []
    for number in range(5):
        peer = Enterprise.objects.create(
            tax_code=f"01001091{number:02d}", name_vi=f"Peer {number}", legal_form="tnhh1", vsic="6202", employees=12,
            revenue_vnd=1, size_class="small", ward=world["software"].ward, ward_input="25747",
        )
        peers.append(peer)
    for peer in peers[:4]:
        assessment_submit(enterprise=peer, framework=framework, answers=typical_micro())
    hidden = peer_benchmark(result_current(own))
    assert (hidden.peers, hidden.shown, hidden.overall) == (4, False, None)
    assessment_submit(enterprise=peers[4], framework=framework, answers={"Q7": ["d2"], "Q4": rows("s", [0] * 7),
                      "Q9": rows("s", [0] * 5), "Q11": {f"r{i}": "no" for i in range(1, 6)}})
    shown = peer_benchmark(result_current(own))
    # four peers at 29.77 and one at 0: (4 × 29.77 + 0) / 5 = 23.816
    assert shown.shown and shown.peers == 5 and round(shown.overall, 3) == 23.816


def test_the_framework_files_all_load(db):
    from dxtrack.enterprises.assessments import frameworks_load_all

    loaded = frameworks_load_all()
    assert sorted((f.code, f.version, f.provisional) for f in loaded) == [("dbi-2021", 1, True), ("edih-dma-sme", 1, True)]
    assert Path(DMA).exists()
    assert copy.deepcopy(loaded[0].definition) == loaded[0].definition
