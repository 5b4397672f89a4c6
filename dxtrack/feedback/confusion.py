"""The routing model's confusion matrix as a table a person reads: area names instead of codes,
the diagonal (correct suggestions) marked, recall per true area and precision per suggested area."""

from dataclasses import dataclass

from dxtrack.feedback.models import ContentArea, RoutingModel


@dataclass(frozen=True)
class ConfusionRow:
    area: str
    cells: list[tuple[int, bool]]  # (count, on the diagonal)
    total: int
    recall: float | None


@dataclass(frozen=True)
class ConfusionTable:
    columns: list[str]
    rows: list[ConfusionRow]
    precision: list[float | None]


def confusion_table(model: RoutingModel) -> ConfusionTable | None:
    labels, matrix = (model.confusion or {}).get("labels"), (model.confusion or {}).get("matrix")
    if not labels or not matrix:
        return None
    names = {area.code: area.name for area in ContentArea.objects.filter(code__in=labels)}
    columns = [names.get(code, code) for code in labels]
    rows = []
    for index, counts in enumerate(matrix):
        total = sum(counts)
        rows.append(ConfusionRow(area=columns[index], cells=[(count, column == index) for column, count in enumerate(counts)],
                                 total=total, recall=counts[index] / total if total else None))
    predicted = [sum(row[column] for row in matrix) for column in range(len(labels))]
    precision = [matrix[column][column] / predicted[column] if predicted[column] else None for column in range(len(labels))]
    return ConfusionTable(columns=columns, rows=rows, precision=precision)
