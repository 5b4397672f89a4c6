"""The completeness annex: for each reporting form, which units have a figure for its
indicators in the period the targets are judged on.

The names come from the figures layer (``figure_units`` of each judged figure), so the annex
counts exactly the units the figures counted, as of the report's date.
"""

from __future__ import annotations

from collections import defaultdict

from dxtrack.figures.selectors import figure_units
from dxtrack.figures.shapes import ProgrammeStatus
from dxtrack.reporting.models import FormIndicator
from dxtrack.reports.shapes import CompletenessRow


def completeness_rows(status: ProgrammeStatus, english: bool) -> tuple[CompletenessRow, ...]:
    judged = {}
    for row in status.rows:
        if row.judged is not None and not row.judged.own and row.indicator_id not in judged:
            judged[row.indicator_id] = row.judged
    links = FormIndicator.objects.filter(indicator_id__in=judged).select_related("form").order_by("form__code", "order")
    # (form, period) → unit code → [name, indicators reported, indicators expected]
    table: dict[tuple[str, str, str], dict[str, list]] = defaultdict(dict)
    for link in links:
        figure = judged[link.indicator_id]
        units = figure_units(figure)
        reported = {unit.code for unit in units.reported}
        form_name = (link.form.name_en if english and link.form.name_en else link.form.name_vi)
        cells = table[(link.form.code, form_name, figure.coverage_period or figure.period)]
        for unit in units.expected:
            cell = cells.setdefault(unit.code, [unit.name("en" if english else "vi"), 0, 0])
            cell[2] += 1
            cell[1] += unit.code in reported
    return tuple(
        CompletenessRow(form_code=code, form_name=name, unit_code=unit, unit_name=cell[0], period=period,
                        reported=cell[1], expected=cell[2])
        for (code, name, period), cells in sorted(table.items())
        for unit, cell in sorted(cells.items())
    )
