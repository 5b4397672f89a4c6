"""DTI: the published 2022 and 2023 ranks of all 63 provinces reproduced from the scores,
ties included, and the 2024 scores of the merged provinces as plain means."""

import pytest

from dxtrack.analytics.composite import competition_rank, merged_mean, points_total

from .datafiles import read_csv, read_json

ROWS = read_csv("dti-provinces-2022-2024.csv")
BINH_DUONG = "Bình Dương"  # GSO code 74


def scores(year: int) -> dict[str, float]:
    return {row["province_pre2025"]: float(row[f"dti_{year}"]) for row in ROWS}


def published_ranks(year: int) -> dict[str, int]:
    return {row["province_pre2025"]: int(row[f"rank_{year}"]) for row in ROWS}


@pytest.mark.parametrize("year", [2022, 2023])
def test_all_63_ranks_are_reproduced_from_the_scores(year: int) -> None:
    ranks = competition_rank(scores(year), places=4)
    assert len(ranks) == 63
    assert ranks == published_ranks(year)


def test_ties_share_a_rank_and_the_next_rank_is_skipped() -> None:
    ranks_2022 = competition_rank(scores(2022), places=4)
    # Thanh Hóa and Yên Bái both scored 0.6350 in 2022: both 15th, and nobody is 16th.
    assert ranks_2022["Thanh Hóa"] == ranks_2022["Yên Bái"] == 15
    assert 16 not in ranks_2022.values()
    assert ranks_2022["Hậu Giang"] == 17
    ranks_2023 = competition_rank(scores(2023), places=4)
    # An Giang and Phú Yên both scored 0.5582 in 2023: both 59th, then 61st.
    assert ranks_2023["An Giang"] == ranks_2023["Phú Yên"] == 59
    assert ranks_2023["Quảng Trị"] == 61


def test_binh_duong_was_19th_in_2022_and_7th_in_2023() -> None:
    assert competition_rank(scores(2022), places=4)[BINH_DUONG] == 19
    assert competition_rank(scores(2023), places=4)[BINH_DUONG] == 7


def test_2024_ranks_are_reproduced_too() -> None:
    assert competition_rank(scores(2024), places=4) == published_ranks(2024)


def merged_2024() -> dict[str, float | None]:
    merged_into = {row["province_pre2025"]: row["merged_into_2025"] for row in ROWS}
    return {new: m.score for new, m in merged_mean(scores(2024), merged_into).items()}


def test_the_63_provinces_merge_into_the_34_of_the_official_list() -> None:
    merged = merged_2024()
    assert len(merged) == 34
    official = {new for parts in read_json("provinces-63-to-34.json").values() for new in parts}
    assert set(merged) == official


def test_merged_provinces_2024_score_is_the_plain_mean_of_their_parts() -> None:
    merged = merged_2024()
    # Hồ Chí Minh City = (TP. Hồ Chí Minh 0.8373 + Bà Rịa–Vũng Tàu 0.7774 + Bình Dương 0.7161) / 3
    #                  = 2.3308 / 3 = 0.776933…
    assert merged["Hồ Chí Minh"] == pytest.approx(0.776933, abs=1e-6)
    # Cần Thơ = (Cần Thơ 0.7505 + Hậu Giang 0.7093 + Sóc Trăng 0.6493) / 3 = 2.1091 / 3 = 0.703033…
    assert merged["Cần Thơ"] == pytest.approx(0.703033, abs=1e-6)
    # A province that merged with nobody keeps its own score.
    assert merged["Lạng Sơn"] == pytest.approx(0.748)
    # Every merged score lies between its parts' lowest and highest scores.
    by_new: dict[str, list[float]] = {}
    for row in ROWS:
        by_new.setdefault(row["merged_into_2025"], []).append(float(row["dti_2024"]))
    for new, parts in by_new.items():
        assert min(parts) <= (merged[new] or 0) <= max(parts)


def test_merged_ranking_2024_puts_hanoi_and_da_nang_ahead_of_the_new_hcmc() -> None:
    ranks = competition_rank(merged_2024(), places=4)
    # Đà Nẵng = (0.8335 + Quảng Nam 0.5803) / 2 = 0.7069, so it drops; Hà Nội 0.8241 leads.
    assert ranks["Hà Nội"] == 1
    assert ranks["Hồ Chí Minh"] < ranks["Đà Nẵng"]


# The nine main indices of the provincial DTI (Decision 922/QĐ-BTTTT) and their points.
DTI_POINTS = {
    "digital_awareness": 100,
    "digital_institutions": 100,
    "digital_infrastructure": 100,
    "digital_human_resources": 100,
    "cyber_security": 100,
    "smart_city": 0,
    "digital_government": 200,
    "digital_economy": 150,
    "digital_society": 150,
}


def test_dti_points_add_up_to_1000_and_a_perfect_province_scores_1() -> None:
    assert sum(DTI_POINTS.values()) == 1000
    perfect = dict.fromkeys(DTI_POINTS, 1.0)
    assert points_total(perfect, DTI_POINTS).total == pytest.approx(1.0)


def test_dti_is_the_points_weighted_sum_divided_by_1000() -> None:
    values = {
        "digital_awareness": 0.8, "digital_institutions": 0.6, "digital_infrastructure": 0.7,
        "digital_human_resources": 0.5, "cyber_security": 0.9, "smart_city": None,
        "digital_government": 0.75, "digital_economy": 0.4, "digital_society": 0.6,
    }  # fmt: skip
    # 80 + 60 + 70 + 50 + 90 + 150 + 60 + 90 = 650 points of 1,000; smart city is not scored.
    result = points_total(values, DTI_POINTS)
    assert result.total == pytest.approx(0.65)
    assert result.missing == ()


def test_a_missing_scored_index_leaves_the_total_undefined() -> None:
    result = points_total({"digital_awareness": 0.8}, DTI_POINTS)
    assert result.total is None
    assert "digital_government" in result.missing
