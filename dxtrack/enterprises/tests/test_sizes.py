"""Decree 80/2021 Art. 5 size classes at every boundary: each limit, and one above it."""

import pytest

from dxtrack.enterprises.sizes import BILLION, SectorGroup, size_class

IND, TRADE = SectorGroup.INDUSTRY, SectorGroup.TRADE_SERVICES
BN = BILLION


@pytest.mark.parametrize(
    ("group", "employees", "revenue", "capital", "expected"),
    [
        # industry: micro ≤ 10 and (revenue ≤ 3 bn or capital ≤ 3 bn)
        (IND, 10, 3 * BN, None, "micro"),
        (IND, 10, None, 3 * BN, "micro"),
        (IND, 11, 3 * BN, 3 * BN, "small"),
        (IND, 10, 3 * BN + 1, 3 * BN + 1, "small"),
        (IND, 10, 3 * BN + 1, 3 * BN, "micro"),  # capital alone suffices
        # small ≤ 100 and (revenue ≤ 50 bn or capital ≤ 20 bn)
        (IND, 100, 50 * BN, None, "small"),
        (IND, 100, None, 20 * BN, "small"),
        (IND, 101, 50 * BN, 20 * BN, "medium"),
        (IND, 100, 50 * BN + 1, 20 * BN + 1, "medium"),
        # medium ≤ 200 and (revenue ≤ 200 bn or capital ≤ 100 bn)
        (IND, 200, 200 * BN, None, "medium"),
        (IND, 200, None, 100 * BN, "medium"),
        (IND, 201, 200 * BN, 100 * BN, "large"),
        (IND, 200, 200 * BN + 1, 100 * BN + 1, "large"),
        # trade and services: micro ≤ 10 and (revenue ≤ 10 bn or capital ≤ 3 bn)
        (TRADE, 10, 10 * BN, None, "micro"),
        (TRADE, 10, None, 3 * BN, "micro"),
        (TRADE, 11, 10 * BN, 3 * BN, "small"),
        (TRADE, 10, 10 * BN + 1, 3 * BN + 1, "small"),
        # small ≤ 50 and (revenue ≤ 100 bn or capital ≤ 50 bn)
        (TRADE, 50, 100 * BN, None, "small"),
        (TRADE, 50, None, 50 * BN, "small"),
        (TRADE, 51, 100 * BN, 50 * BN, "medium"),
        (TRADE, 50, 100 * BN + 1, 50 * BN + 1, "medium"),
        # medium ≤ 100 and (revenue ≤ 300 bn or capital ≤ 100 bn)
        (TRADE, 100, 300 * BN, None, "medium"),
        (TRADE, 100, None, 100 * BN, "medium"),
        (TRADE, 101, 300 * BN, 100 * BN, "large"),
        (TRADE, 100, 300 * BN + 1, 100 * BN + 1, "large"),
        # the same firm is small in industry and micro in trade (revenue 5 bn: over 3, under 10)
        (IND, 5, 5 * BN, 5 * BN, "small"),
        (TRADE, 5, 5 * BN, 5 * BN, "micro"),
        (IND, 0, None, None, "large"),  # nothing known satisfies no limit
    ],
)
def test_size_class_at_every_boundary(group, employees, revenue, capital, expected):
    assert size_class(group, employees=employees, revenue_vnd=revenue, capital_vnd=capital) == expected
