"""Read the overview page by its elements: a target's table row, the figure in it, the summary
badges, the pillar cards (on common/tests/pages.py, so a test names the element it checks)."""

from django.test.html import Element

from dxtrack.common.tests.pages import attr, every, one, page, text


def classes(element: Element) -> list[str]:
    return (attr(element, "class") or "").split()


def with_class(root: Element, name: str, *, tag: str | None = None) -> list[Element]:
    return [element for element in every(root, tag=tag) if name in classes(element)]


def target_rows(root: Element) -> dict[str, Element]:
    """The table row of each target, by indicator code, in page order."""
    return {attr(row, "data-indicator"): row for row in every(root, tag="tr", data_indicator=...)}


def figure(row: Element) -> str:
    """The judged figure shown in a target's row or card ("50%")."""
    values = with_class(row, "value", tag="span")
    assert len(values) == 1, f"expected one figure, found {len(values)}"
    return text(values[0])


def period_line(row: Element) -> str:
    """The line under the figure in a table row: its period and, for a roll-up, how many units reported."""
    cell = next(cell for cell in every(row, tag="td") if with_class(cell, "value", tag="span"))
    lines = [
        child for child in cell.children
        if isinstance(child, Element) and child.name == "div" and attr(child, "data-later") is None
    ]
    return text(lines[0])


def later(row: Element) -> tuple[str | None, str]:
    """The later year shown beside the judged one: ("provisional" or "since", its text)."""
    shown = one(row, data_later=...)
    return attr(shown, "data-later"), text(shown)


def summary(root: Element) -> dict[str, str]:
    """The summary badges, by status: {"met": "1 target met", …}."""
    return {attr(badge, "data-status"): text(badge) for badge in every(one(root, id="summary"), data_status=...)}


def cards(root: Element) -> list[str]:
    """The indicator codes of the phone cards, in page order."""
    return [attr(card, "data-target-card") for card in every(root, tag="li", data_target_card=...)]


def pillar_counts(root: Element) -> dict[str, dict[str, str]]:
    """Each pillar card's progress badges: {"CQS": {"achieved": "Achieved: 1", …}}."""
    return {
        attr(counts, "data-pillar"): {attr(badge, "data-count"): text(badge) for badge in every(counts, data_count=...)}
        for counts in every(root, testid="pillar-counts")
    }


__all__ = ["cards", "classes", "figure", "later", "page", "period_line", "pillar_counts", "summary", "target_rows", "with_class"]
