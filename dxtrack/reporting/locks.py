"""Which values an approval locks. Every writer (data entry, imports, the API) asks here."""

from collections import defaultdict
from collections.abc import Iterable

from dxtrack.reporting.models import FormIndicator, Submission, SubmissionStatus

ValueKey = tuple[int, int, str]  # (indicator id, org unit id, period code)


def locked_value_keys(keys: Iterable[ValueKey]) -> set[ValueKey]:
    """The keys whose unit and period sit in an approved submission of a form holding the
    indicator. Such values change only after the submission is explicitly reopened."""
    keys = set(keys)
    if not keys:
        return set()
    forms_by_indicator: dict[int, set[int]] = defaultdict(set)
    for form_id, indicator_id in FormIndicator.objects.filter(
        indicator_id__in={key[0] for key in keys}
    ).values_list("form_id", "indicator_id"):
        forms_by_indicator[indicator_id].add(form_id)
    if not forms_by_indicator:
        return set()
    approved = set(
        Submission.objects.filter(
            status=SubmissionStatus.APPROVED,
            form_id__in=set().union(*forms_by_indicator.values()),
            org_unit_id__in={key[1] for key in keys},
            period__in={key[2] for key in keys},
        ).values_list("form_id", "org_unit_id", "period")
    )
    return {
        key for key in keys
        if any((form_id, key[1], key[2]) in approved for form_id in forms_by_indicator.get(key[0], ()))
    }
