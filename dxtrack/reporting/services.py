"""The only writer of reported values: validate, then add a version and move the current row
(`value_record`), or delete the current row keeping its history (`value_delete`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dxtrack.accounts.models import User
from dxtrack.analytics.errors import AnalyticsError
from dxtrack.analytics.periods import parse_period
from dxtrack.common.numbers import number_shown
from dxtrack.figures.services import cells_before, cells_refresh
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator, ValueType
from dxtrack.reporting.locks import locked_value_keys
from dxtrack.reporting.models import DataValue, DataValueVersion, Submission
from dxtrack.reporting.selectors import value_period_spans

HUNDRED = Decimal(100)
PERCENTAGE_TYPES = {ValueType.PERCENTAGE, ValueType.PERCENTAGE_WITH_PARTS}
# The fields whose change makes a new version; who and when alone do not.
VERSIONED_FIELDS = ("value", "numerator", "denominator", "source", "method", "note", "is_synthetic", "is_outlier")


class ValueConflict(Exception):
    """Somebody else saved this value since the editor loaded it; nothing was written."""

    def __init__(self, current: DataValue) -> None:
        self.current = current
        super().__init__(
            _("This value was changed by %(who)s at %(when)s to %(value)s; reload and try again.")
            % {
                "who": current.recorded_by or "—",
                "when": formats.date_format(timezone.localtime(current.recorded_at), "SHORT_DATETIME_FORMAT"),
                "value": _shown(current.value),
            }
        )


def _shown(value: Decimal | None) -> str:
    """A number in a message, as the reader writes it: 100, not 100.000000; 83,6 in Vietnamese."""
    return "—" if value is None else number_shown(value, language=get_language() or "vi")


class ValueLocked(Exception):
    """The value is in an approved submission: it changes only after the submission is reopened."""


@dataclass(frozen=True)
class CleanValue:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None


def _percentage(numerator: Decimal, denominator: Decimal) -> Decimal:
    return (numerator / denominator * HUNDRED).quantize(Decimal("0.000001"))


def value_clean(
    *, indicator: Indicator, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> CleanValue:
    """Check a figure against its indicator's type; returns it with the percentage computed."""
    errors: dict[str, list] = {}
    if indicator.has_parts and (numerator is None) != (denominator is None):
        errors["denominator"] = [_("Give both the numerator and the denominator, or neither.")]
    if denominator is not None and denominator <= 0:
        errors["denominator"] = [_("The denominator must be greater than zero.")]
    if numerator is not None and numerator < 0:
        errors["numerator"] = [_("The numerator cannot be negative.")]
    if errors:
        raise ValidationError(errors)
    if numerator is not None and denominator is not None:
        if numerator > denominator:
            raise ValidationError({"numerator": [_("The numerator (%(n)s) is larger than the denominator (%(d)s).") % {"n": _shown(numerator), "d": _shown(denominator)}]})
        computed = _percentage(numerator, denominator)
        if value is not None and abs(value - computed) > Decimal("0.05"):
            raise ValidationError({"value": [_("The value %(value)s does not match numerator / denominator = %(computed)s.") % {"value": _shown(value), "computed": _shown(computed)}]})
        value = computed
    if value is None:
        raise ValidationError({"value": [_("A value is required.")]})
    if indicator.value_type in PERCENTAGE_TYPES:
        limit = indicator.natural_limit if indicator.natural_limit is not None else HUNDRED
        if not Decimal(0) <= value <= limit:
            raise ValidationError({"value": [_("A percentage must be between 0 and %(limit)s; got %(value)s.") % {"limit": _shown(limit), "value": _shown(value)}]})
    elif indicator.value_type == ValueType.INDEX and not Decimal(0) <= value <= Decimal(1):
        raise ValidationError({"value": [_("An index must be between 0 and 1; got %(value)s.") % {"value": _shown(value)}]})
    elif indicator.value_type == ValueType.MILESTONE and value not in (Decimal(0), Decimal(1)):
        raise ValidationError({"value": [_("A milestone value is 1 (done) or 0 (not done); got %(value)s.") % {"value": _shown(value)}]})
    elif indicator.value_type in {ValueType.COUNT, ValueType.AMOUNT_VND} and value < 0:
        raise ValidationError({"value": [_("A count or amount cannot be negative; got %(value)s.") % {"value": _shown(value)}]})
    if indicator.natural_limit is not None and value > indicator.natural_limit:
        raise ValidationError({"value": [_("The value %(value)s is above the indicator's natural limit %(limit)s.") % {"value": _shown(value), "limit": _shown(indicator.natural_limit)}]})
    return CleanValue(value=value, numerator=numerator, denominator=denominator)


def value_record(
    *,
    indicator: Indicator,
    org_unit: OrgUnit,
    period: str,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    source: str = "",
    method: str = "",
    note: str = "",
    is_synthetic: bool = False,
    is_outlier: bool = False,
    submission: Submission | None = None,
    recorded_by: User | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> DataValue:
    """Record a figure. An identical figure changes nothing; a different one adds a version.

    `expected_version` is the version the editor saw: when somebody saved since, ValueConflict
    is raised with their value and nothing is written.
    """
    try:
        parsed = parse_period(period)
    except AnalyticsError as error:
        raise ValidationError({"period": [str(error)]}) from error
    if parsed.type.value != indicator.period_type:
        raise ValidationError({"period": [_("Indicator %(code)s is reported by %(expected)s; %(period)s is not such a period.") % {"code": indicator.code, "expected": indicator.get_period_type_display(), "period": parsed.code}]})
    spans = value_period_spans(parsed, programme=indicator.programme, form=submission.form if submission else None)
    if not any(org_unit.overlaps(start, end) for start, end in spans):
        raise ValidationError({"org_unit": [_("%(unit)s did not exist in %(period)s (it existed from %(start)s to %(end)s).") % {"unit": org_unit, "period": parsed.code, "start": org_unit.valid_from or "…", "end": org_unit.valid_to or "…"}]})
    clean = value_clean(indicator=indicator, value=value, numerator=numerator, denominator=denominator)
    fields = {
        "value": clean.value,
        "numerator": clean.numerator,
        "denominator": clean.denominator,
        "source": source,
        "method": method,
        "note": note,
        "is_synthetic": is_synthetic,
        "is_outlier": is_outlier,
    }
    now = timezone.now()
    with transaction.atomic():
        current = (
            DataValue.objects.select_for_update()
            .filter(indicator=indicator, org_unit=org_unit, period=parsed.code)
            .first()
        )
        if current is None:
            if expected_version not in (None, 0):
                raise ValidationError({"value": [_("This value no longer exists; reload the page.")]})
            keys = [(indicator.pk, org_unit.pk, parsed.code)]
            before = cells_before(keys)  # the aggregates' delta: the unit's parts before the write
            try:
                with transaction.atomic():
                    current = DataValue.objects.create(
                        indicator=indicator, org_unit=org_unit, period=parsed.code, period_start=parsed.start,
                        period_end=parsed.end, version=1, recorded_by=recorded_by, recorded_at=now,
                        submission=submission, **fields,
                    )
            except IntegrityError:
                # A parallel request created it first: treat ours as an edit of theirs.
                current = DataValue.objects.select_for_update().get(indicator=indicator, org_unit=org_unit, period=parsed.code)
                if expected_version is not None:
                    raise ValueConflict(current) from None
            else:
                _version_add(current, reason)
                cells_refresh(keys, before=before)
                return current
        if expected_version is not None and expected_version != current.version:
            raise ValueConflict(current)
        if all(_same(getattr(current, name), fields[name]) for name in VERSIONED_FIELDS):
            return current
        keys = [(indicator.pk, org_unit.pk, parsed.code)]
        before = cells_before(keys)
        for name, new in fields.items():
            setattr(current, name, new)
        current.version += 1
        current.submission = submission or current.submission
        current.recorded_by = recorded_by
        current.recorded_at = now
        current.save()
        _version_add(current, reason)
        cells_refresh(keys, before=before)
        return current


def value_delete(
    *,
    indicator: Indicator,
    org_unit: OrgUnit,
    period: str,
    deleted_by: User | None = None,
    reason: str = "",
    expected_version: int | None = None,
) -> DataValue | None:
    """Delete the current value, keeping its history: a last version without a figure records
    who deleted it, when and why; the earlier versions stay. Returns the deleted row (no longer
    saved), or None when there was no value.

    Raises ValueLocked when the value is in an approved submission, ValueConflict when
    `expected_version` is not the current version; nothing is written then.
    """
    try:
        parsed = parse_period(period)
    except AnalyticsError as error:
        raise ValidationError({"period": [str(error)]}) from error
    with transaction.atomic():
        current = (
            DataValue.objects.select_for_update()
            .filter(indicator=indicator, org_unit=org_unit, period=parsed.code)
            .first()
        )
        if current is None:
            return None
        if expected_version is not None and expected_version != current.version:
            raise ValueConflict(current)
        if locked_value_keys([(indicator.pk, org_unit.pk, parsed.code)]):
            raise ValueLocked(_("This value is in an approved submission: ask the approver to reopen it first."))
        keys = [(indicator.pk, org_unit.pk, parsed.code)]
        before = cells_before(keys)
        current.version += 1
        current.value = current.numerator = current.denominator = None
        current.recorded_by = deleted_by
        current.recorded_at = timezone.now()
        _version_add(current, reason or "deleted")
        current.delete()
        cells_refresh(keys, before=before)
        return current


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


def _version_add(current: DataValue, reason: str) -> None:
    DataValueVersion.objects.create(
        data_value=current,
        reason=reason,
        **{
            name: getattr(current, name)
            for name in (
                "indicator_id", "org_unit_id", "period", "period_start", "period_end", *VERSIONED_FIELDS,
                "version", "recorded_by_id", "recorded_at",
            )
        },
    )
