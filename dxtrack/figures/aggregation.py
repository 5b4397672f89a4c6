"""The stored cells computed in SQL: one INSERT … SELECT … GROUP BY per variant.

The values (with the approval rule of `reading.read_values`, written here as SQL) are joined
to the memberships (store.py) and to the weight indicator's value of the same unit and period,
and grouped per indicator × area × period. Each aggregate is what `cells.cell_of` adds up for
the area's roll-up in `compute.AreaBook._roll_up`:

- a value enters the counts when its unit is a commune of the area's territory that existed
  during the period and the indicator is rolled up (`unit_aggregation` not `none`);
- `reported`/`used` count the values the unit rule can use, `without_parts` the others;
- `total` adds values (times the member's share for `sum`), `numerator`/`denominator` for a
  ratio of sums, `weighted`/`weights` for a weighted mean; `minimum`/`maximum` for mean, min
  and max.

Exact decimal sums: PostgreSQL's numeric is exact; SQLite stores decimals as doubles of at
most 15 significant digits and SUM would add them as doubles, so on SQLite the sums go through
`dx_sum` (a Python aggregate adding `Decimal`s, registered on each new connection).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created

from dxtrack.accounts.models import RoleAssignment, User
from dxtrack.analytics.periods import parse_period
from dxtrack.figures.models import CellVariant, Membership, StoredCell
from dxtrack.figures.reading import PUBLISHING_ROLES
from dxtrack.figures.territory import LEAF
from dxtrack.orgunits.models import OrgUnit
from dxtrack.programmes.models import Indicator
from dxtrack.reporting.models import DataValue, Submission, SubmissionStatus

SOURCE_SEPARATOR = "\x1f"  # unit separator: a source name never holds it
COUNT_COLUMNS = (
    "reported", "without_parts", "values", "used", "sample", "unapproved", "lineage", "overlaps", "through_predecessors",
)
AMOUNT_COLUMNS = ("total", "numerator", "denominator", "weighted", "weights")
CELL_COLUMNS = (*COUNT_COLUMNS, *AMOUNT_COLUMNS, "minimum", "maximum", "sources")
KEY_COLUMNS = ("indicator_id", "unit_id", "period", "variant")
VARIANTS = {
    # variant: (approved only, with sample data)
    CellVariant.APPROVED: (True, True),
    CellVariant.APPROVED_REAL: (True, False),
    CellVariant.ALL: (False, True),
    CellVariant.ALL_REAL: (False, False),
}


def variant_name(*, approved_only: bool, sample: bool) -> str:
    return next(name for name, flags in VARIANTS.items() if flags == (approved_only, sample))


# -- SQLite: exact decimal aggregates -----------------------------------------------------------


def _decimal(value: Any) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


class _DecimalSum:
    """dx_sum(a, b): Σ a × b in Decimals, NULL a skipped; '0' when nothing was added."""

    def __init__(self) -> None:
        self.total = Decimal(0)

    def step(self, value: Any, factor: Any) -> None:
        if value is not None and factor is not None:
            self.total += _decimal(value) * _decimal(factor)

    def finalize(self) -> str:
        return str(self.total)


class _Sources:
    """dx_sources(text): the distinct non-empty texts, sorted, joined by SOURCE_SEPARATOR."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def step(self, value: Any) -> None:
        if value:
            self.seen.add(value)

    def finalize(self) -> str:
        return SOURCE_SEPARATOR.join(sorted(self.seen))


def _decimal_add(a: Any, b: Any) -> str | None:
    """dx_add(a, b): a + b in Decimals (a delta added to a stored amount, deltas.py)."""
    if a is None and b is None:
        return None
    return str((Decimal(0) if a is None else _decimal(a)) + (Decimal(0) if b is None else _decimal(b)))


def _decimal_multiply(a: Any, b: Any) -> str | None:
    """dx_mul(a, b): a × b in Decimals."""
    return None if a is None or b is None else str(_decimal(a) * _decimal(b))


def register_sqlite_aggregates(sender: Any, connection: Any, **kwargs: Any) -> None:  # noqa: ARG001 - signal API
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("dx_sum", 2, _DecimalSum)
        connection.connection.create_aggregate("dx_sources", 1, _Sources)
        connection.connection.create_function("dx_add", 2, _decimal_add, deterministic=True)
        connection.connection.create_function("dx_mul", 2, _decimal_multiply, deterministic=True)


connection_created.connect(register_sqlite_aggregates, dispatch_uid="figures_sqlite_aggregates")


def _ensure_aggregates() -> None:
    """A connection opened before this module was imported has no aggregates yet."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        register_sqlite_aggregates(None, connection)


def _sum(value: str, factor: str = "1") -> str:
    if connection.vendor == "postgresql":
        return f"COALESCE(SUM(({value}) * ({factor})), 0)"
    return f"dx_sum({value}, {factor})"


def _sources(value: str) -> str:
    if connection.vendor == "postgresql":
        return f"COALESCE(string_agg(DISTINCT {value}, chr(31) ORDER BY {value}), '')"
    return f"dx_sources({value})"


# -- the statement ------------------------------------------------------------------------------


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _in(column: str, items: Collection[Any], params: list[Any]) -> str:
    params.extend(items)
    return f"{column} IN ({', '.join(['%s'] * len(items))})" if items else "1 = 0"


def _approved_sql(params: list[Any]) -> str:
    """`reading.read_values`' approval rule: a form's value once the form is approved and not
    modified since; a value outside forms when the system, a superuser or a publishing role
    on its unit or above recorded it (`Publishers`)."""
    params.append(SubmissionStatus.APPROVED)
    roles = ", ".join(["%s"] * len(PUBLISHING_ROLES))
    params.extend(PUBLISHING_ROLES)
    return (
        "CASE WHEN s.id IS NOT NULL THEN (CASE WHEN s.status = %s AND NOT s.modified_since_approval THEN 1 ELSE 0 END) "  # noqa: S608 - names from the models, values as parameters
        "WHEN dv.recorded_by_id IS NULL THEN 1 "
        f"WHEN EXISTS (SELECT 1 FROM {_table(User)} u WHERE u.id = dv.recorded_by_id AND u.is_superuser) THEN 1 "
        f"WHEN EXISTS (SELECT 1 FROM {_table(RoleAssignment)} ra WHERE ra.user_id = dv.recorded_by_id "
        f"AND ra.role IN ({roles}) AND (ra.org_unit_id = dv.org_unit_id "
        "OR ou.path LIKE '%%/' || ra.org_unit_id || '/%%')) THEN 1 ELSE 0 END"
    )


def _variants_cte(params: list[Any]) -> str:
    """v(variant, approved_only, sample): the four variants as rows, so that one statement
    fills them all (a value enters each variant it passes)."""
    rows = []
    for name, (approved_only, sample) in VARIANTS.items():
        params.append(str(name))
        rows.append(f"(%s, {int(approved_only)}, {int(sample)})")
    return f"v(variant, approved_only, sample) AS (VALUES {', '.join(rows)})"


def _kept_in(alias: str, approved: str, synthetic: str) -> str:
    """Whether a value of class (approved, is_synthetic) enters variant `alias`."""
    return f"(({alias}.approved_only = 0 OR {approved} = 1) AND ({alias}.sample = 1 OR NOT {synthetic}))"


def _select(
    *, indicator_ids: Collection[int], weight_ids: Collection[int], period: str | None,
    area_ids: Sequence[int] | None, unit_ids: Sequence[int] | None = None,
) -> tuple[str, str, list[Any]]:
    """(WITH clause, final SELECT, params) of the cells of these indicators, every variant at once.

    Two stages. `s1` groups the values × memberships once per indicator × area × period ×
    class of value (approved or not, sample or not, the same for the weight's value, source):
    one pass over the values, no DISTINCT aggregate (which would force a sort). `s2` adds each
    class into the variants it belongs to (at most 4 × a handful of rows per cell). A weighted
    mean uses a value only where its weight's value is in the variant too, so `s1` counts as if
    it were and `s2` takes those counts back where it is not.

    With `unit_ids` the "areas" are the units themselves (share 1): each unit's own part of
    every cell it counts in, which a delta (deltas.py) subtracts and adds.
    """
    # Parameters are appended in the order their placeholders appear in the text.
    params: list[Any] = []
    rule = "ind.unit_aggregation"
    approved = _approved_sql(params)
    values_of = [_in("dv.indicator_id", indicator_ids, params)]
    if period is not None:  # the period's end too: the (indicator, period_end) index finds the rows
        values_of.append("dv.period = %s AND dv.period_end = %s")
        params.extend([period, parse_period(period).end])
    if unit_ids is not None:
        values_of.append(_in("dv.org_unit_id", unit_ids, params))
    value_columns = (
        "dv.indicator_id, dv.org_unit_id, dv.period, dv.period_start, dv.period_end, dv.value, dv.numerator, "
        f"dv.denominator, dv.is_synthetic, dv.source, ou.valid_from, ou.valid_to, {approved} AS approved "
        f"FROM {_table(DataValue)} dv JOIN {_table(OrgUnit)} ou ON ou.id = dv.org_unit_id "
        f"LEFT JOIN {_table(Submission)} s ON s.id = dv.submission_id"
    )
    ctes = [f"c AS (SELECT {value_columns} WHERE {' AND '.join(values_of)})"]  # noqa: S608 - names from the models
    with_weights = "(SELECT c.*, CAST(NULL AS INTEGER) AS w_approved, CAST(NULL AS BOOLEAN) AS w_synthetic, CAST(NULL AS NUMERIC) AS w_value FROM c)"
    if weight_ids:
        weight_approved = _approved_sql(params)
        weights_of = [_in("dv.indicator_id", weight_ids, params)]
        if period is not None:
            weights_of.append("dv.period = %s")
            params.append(period)
        if unit_ids is not None:
            weights_of.append(_in("dv.org_unit_id", unit_ids, params))
        ctes.append(f"wv AS (SELECT {weight_approved} AS approved, dv.indicator_id, dv.org_unit_id, dv.period, "  # noqa: S608
                    f"dv.value, dv.is_synthetic FROM {_table(DataValue)} dv JOIN {_table(OrgUnit)} ou ON ou.id = dv.org_unit_id "
                    f"LEFT JOIN {_table(Submission)} s ON s.id = dv.submission_id WHERE {' AND '.join(weights_of)})")
        with_weights = (
            "(SELECT c.*, w.approved AS w_approved, w.is_synthetic AS w_synthetic, w.value AS w_value "  # noqa: S608
            f"FROM c JOIN {_table(Indicator)} wi ON wi.id = c.indicator_id LEFT JOIN wv w ON "
            "w.indicator_id = wi.weight_indicator_id AND w.org_unit_id = c.org_unit_id AND w.period = c.period)"
        )
    if unit_ids is None:
        members = f"{_table(Membership)} m"
    else:
        params.append(LEAF)
        members = (f"(SELECT ou.id AS unit_id, ou.id AS area_id, (ou.kind = %s) AS leaf, 1 AS share "  # noqa: S608
                   f"FROM {_table(OrgUnit)} ou WHERE {_in('ou.id', unit_ids, params)}) m")
    cell_filters = [_in("k.indicator_id", indicator_ids, params)]
    if unit_ids is None and area_ids is not None:
        cell_filters.append(_in("m.area_id", area_ids, params))
    counted = (
        f"({rule} <> 'none' AND m.leaf AND (k.valid_from IS NULL OR k.valid_from <= k.period_end) "
        "AND (k.valid_to IS NULL OR k.period_start <= k.valid_to))"
    )
    usable = (  # as if the weight's value is in the variant (s2 corrects it where it is not)
        f"(CASE WHEN {rule} = 'ratio_of_sums' THEN (k.numerator IS NOT NULL AND k.denominator IS NOT NULL) "
        f"WHEN {rule} = 'weighted_mean' THEN (k.value IS NOT NULL AND w_value IS NOT NULL) "
        "ELSE k.value IS NOT NULL END)"
    )
    # Each value × membership row's flags are computed once in `r`, not again in every aggregate
    # that tests them: a rebuild groups millions of such rows, and evaluating these CASEs over and
    # over was most of its time. The LIMIT … OFFSET 0 keeps the planner from inlining them back.
    barrier = "LIMIT ALL OFFSET 0" if connection.vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    rows = (
        "(SELECT k.indicator_id, m.area_id, k.period, "  # noqa: S608 - names from the models, values as parameters
        f"{rule} AS rule, k.approved, k.is_synthetic, w_approved, w_synthetic, k.value, k.numerator, k.denominator, "
        f"w_value, m.share, CASE WHEN {counted} AND k.source <> '' THEN k.source ELSE '' END AS source, "
        f"CASE WHEN {counted} THEN 1 ELSE 0 END AS counted, CASE WHEN {counted} AND {usable} THEN 1 ELSE 0 END AS used "
        f"FROM {with_weights} k "
        f"JOIN {_table(Indicator)} ind ON ind.id = k.indicator_id JOIN {members} ON m.unit_id = k.org_unit_id "
        f"WHERE {' AND '.join(cell_filters)} {barrier}) r"
    )
    plain = "r.rule NOT IN ('sum', 'ratio_of_sums', 'weighted_mean')"  # mean, min, max
    additive = "r.rule NOT IN ('ratio_of_sums', 'weighted_mean')"  # sum, mean, min, max add values
    used = "r.used = 1"
    is_ratio, is_weighted = "r.rule = 'ratio_of_sums'", "r.rule = 'weighted_mean'"
    total = _sum(f"CASE WHEN {used} AND {additive} THEN r.value END", "CASE WHEN r.rule = 'sum' THEN r.share ELSE 1 END")
    numerator = _sum(f"CASE WHEN {used} AND {is_ratio} THEN r.numerator END", "r.share")
    denominator = _sum(f"CASE WHEN {used} AND {is_ratio} THEN r.denominator END", "r.share")
    weighted = _sum(f"CASE WHEN {used} AND {is_weighted} THEN r.value END", "r.w_value * r.share")
    weights = _sum(f"CASE WHEN {used} AND {is_weighted} THEN r.w_value END", "r.share")
    ctes.append(
        "s1 AS (SELECT r.indicator_id, r.area_id, r.period, "  # noqa: S608 - names from the models
        "r.rule, r.approved, r.is_synthetic, r.w_approved, r.w_synthetic, r.source, "
        "SUM(r.counted) AS counted, SUM(r.used) AS used, "
        "SUM(CASE WHEN r.counted = 1 AND r.is_synthetic THEN 1 ELSE 0 END) AS sample, "
        "SUM(CASE WHEN r.counted = 1 AND r.approved = 0 THEN 1 ELSE 0 END) AS unapproved, "
        f"{total} AS total, {numerator} AS numerator, {denominator} AS denominator, "
        f"{weighted} AS weighted, {weights} AS weights, "
        f"MIN(CASE WHEN {used} AND {plain} THEN r.value END) AS minimum, "
        f"MAX(CASE WHEN {used} AND {plain} THEN r.value END) AS maximum "
        f"FROM {rows} "
        "GROUP BY r.indicator_id, r.area_id, r.period, r.rule, r.approved, r.is_synthetic, r.w_approved, r.w_synthetic, r.source)"
    )
    ctes.append(_variants_cte(params))
    weight_kept = f"(s1.w_approved IS NOT NULL AND {_kept_in('v', 's1.w_approved', 's1.w_synthetic')})"
    dropped = f"(s1.rule = 'weighted_mean' AND NOT {weight_kept})"  # its weight is not in the variant
    sources = _sources("NULLIF(s1.source, '')")
    used2 = f"CASE WHEN {dropped} THEN 0 ELSE s1.used END"
    select = (
        "SELECT s1.indicator_id, s1.area_id, s1.period, v.variant, "  # noqa: S608 - names from the models
        f"SUM({used2}), SUM(s1.counted - ({used2})), SUM(s1.counted), SUM({used2}), SUM(s1.sample), "
        "SUM(s1.unapproved), 0, 0, 0, "
        f"{_sum('s1.total')}, {_sum('s1.numerator')}, {_sum('s1.denominator')}, "
        f"{_sum(f'CASE WHEN {dropped} THEN 0 ELSE s1.weighted END')}, "
        f"{_sum(f'CASE WHEN {dropped} THEN 0 ELSE s1.weights END')}, "
        f"MIN(s1.minimum), MAX(s1.maximum), {sources} "
        f"FROM s1 JOIN v ON {_kept_in('v', 's1.approved', 's1.is_synthetic')} "
        "GROUP BY s1.indicator_id, s1.area_id, s1.period, v.variant"
    )
    return "WITH " + ", ".join(ctes) + " ", select, params


def weight_indicators(indicator_ids: Collection[int]) -> set[int]:
    return set(
        Indicator.objects.filter(pk__in=list(indicator_ids), weight_indicator__isnull=False)
        .values_list("weight_indicator_id", flat=True)
    )


AREA_CHUNK = 400  # SQLite's older limit of 999 parameters per statement


def cells_insert(
    *, indicator_ids: Collection[int], table: str | None = None, period: str | None = None,
    area_ids: Collection[int] | None = None,
) -> None:
    """Insert the cells of these indicators (optionally of one period, and of some areas)
    into `table` (default: the store), every variant."""
    if not indicator_ids:
        return
    _ensure_aggregates()
    table = table or _table(StoredCell)
    chunks: list[Sequence[int] | None] = [None]
    if area_ids is not None:
        ordered = sorted(area_ids)
        chunks = [ordered[i:i + AREA_CHUNK] for i in range(0, len(ordered), AREA_CHUNK)]
    columns = ", ".join(_q(name) for name in (*KEY_COLUMNS, *CELL_COLUMNS))
    weights = weight_indicators(indicator_ids)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The planner over-estimates the memberships' fan-out a hundredfold, and a cost that
            # high switches JIT on: compiling took 2 of the rebuild's 11 s on the province bench.
            cursor.execute("SET LOCAL jit = off")
        for chunk in chunks:
            ctes, select, params = _select(
                indicator_ids=sorted(indicator_ids), weight_ids=sorted(weights), period=period, area_ids=chunk,
            )
            cursor.execute(f"{ctes}INSERT INTO {table} ({columns}) {select}", params)


def cells_of_units(
    *, indicator_ids: Collection[int], unit_ids: Collection[int], period: str, weight_ids: Collection[int] | None = None,
) -> dict[tuple[int, int, str, str], tuple[Any, ...]]:
    """{(indicator, unit, period, variant): CELL_COLUMNS} of each unit's own values: the part
    of every cell the unit counts in (before the share of its membership)."""
    if not indicator_ids or not unit_ids:
        return {}
    _ensure_aggregates()
    ctes, select, params = _select(
        indicator_ids=sorted(indicator_ids), period=period, area_ids=None, unit_ids=sorted(unit_ids),
        weight_ids=sorted(weight_indicators(indicator_ids) if weight_ids is None else weight_ids),
    )
    # Django's cursor binds the parameters in the text: PostgreSQL then plans with the values
    # (the variants' flags, the unit's id) and folds the CASEs; this statement planned for
    # server-side parameters, even prepared once per connection, took three times as long
    # (bench/bench_national.py, "one value changed").
    with connection.cursor() as cursor:
        cursor.execute(ctes + select, params)
        return {tuple(row[:4]): tuple(row[4:]) for row in cursor.fetchall()}
