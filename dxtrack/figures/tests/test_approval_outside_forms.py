"""Values entered outside a form's workflow count as approved only when a role that may
publish entered them (or the system: an import or load the operator ran)."""

from datetime import date
from decimal import Decimal

import time_machine

from dxtrack.figures.selectors import FigureOptions, figure_get
from dxtrack.reporting.services import value_record

D = Decimal


@time_machine.travel("2025-01-15 10:00 +07:00", tick=False)  # the values are recorded on 15/01/2025
def test_outside_a_form_only_a_role_that_may_publish_makes_a_value_approved(units, count, reporter_a, approver, officer):
    # Ward A: 10 by its reporter (may not publish); ward B: 20 by the province's approver.
    value_record(indicator=count, org_unit=units["ward_a"], period="2024Q1", value=D(10), recorded_by=reporter_a)
    value_record(indicator=count, org_unit=units["ward_b"], period="2024Q1", value=D(20), recorded_by=approver)
    public = figure_get(indicator=count, unit=units["province"], period="2024Q1")
    assert (public.value, public.coverage.reported, public.coverage.missing) == (D(20), 1, 1)
    everything = figure_get(indicator=count, unit=units["province"], period="2024Q1", options=FigureOptions(include_unapproved=True))
    assert (everything.value, everything.unapproved) == (D(30), 1)  # 10 + 20, the reporter's 10 unapproved
    # Q2: the programme officer and the system (no user: an import from the command line).
    value_record(indicator=count, org_unit=units["ward_a"], period="2024Q2", value=D(5), recorded_by=officer)
    value_record(indicator=count, org_unit=units["ward_b"], period="2024Q2", value=D(7))
    assert figure_get(indicator=count, unit=units["province"], period="2024Q2").value == D(12)
    # As of a date, the same rule: the reporter's value never counted as approved.
    as_of = FigureOptions(as_of=date(2025, 1, 15))
    assert figure_get(indicator=count, unit=units["province"], period="2024Q1", options=as_of).value == D(20)
    # The day before, nothing had been recorded yet.
    before = FigureOptions(as_of=date(2025, 1, 14))
    assert figure_get(indicator=count, unit=units["province"], period="2024Q1", options=before).value is None


def test_a_reporters_value_counts_once_a_role_that_may_publish_records_it_again(units, count, reporter_a, approver):
    value_record(indicator=count, org_unit=units["ward_a"], period="2024Q1", value=D(10), recorded_by=reporter_a)
    assert figure_get(indicator=count, unit=units["ward_a"], period="2024Q1").value is None
    value_record(indicator=count, org_unit=units["ward_a"], period="2024Q1", value=D(11), recorded_by=approver, reason="checked")
    assert figure_get(indicator=count, unit=units["ward_a"], period="2024Q1").value == D(11)
