"""Fixtures of the import and export tests: a small programme over the personas' units.

- `SHARE`   percentage with numerator and denominator, yearly (on form F-IMP)
- `PCT`     percentage only, yearly (on form F-IMP)
- `COUNT`   a count, yearly (on form F-IMP)
- `IDX`     an index 0–1, yearly (not on the form)
- `QCOUNT`  a count, quarterly (not on the form)

Form F-IMP (yearly, revision 1) is reported by wards A and B.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import DataValue, DataValueVersion, FormIndicator, ReportingForm

CSV_HEADER = "indicator,org_unit,period,value,numerator,denominator,comment\n"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Uploads go to a directory of the test, never to var/."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(
        code="T-IMP", title_vi="Chương trình thử", horizon_start=2022, horizon_end=2030, area=units["province"]
    )


@pytest.fixture
def indicators(programme) -> dict[str, Indicator]:
    pillar = Pillar.objects.create(programme=programme, code="P", name_vi="Trụ cột")

    def make(code: str, value_type: str, *, period_type: str = "year", limit: Decimal | None = None) -> Indicator:
        return Indicator.objects.create(
            programme=programme, pillar=pillar, code=code, name_vi=f"Chỉ tiêu {code}", value_type=value_type,
            unit_aggregation="sum", period_aggregation="last", period_type=period_type, natural_limit=limit,
        )

    return {
        "SHARE": make("SHARE", "percentage_with_parts", limit=Decimal(100)),
        "PCT": make("PCT", "percentage"),
        "COUNT": make("COUNT", "count"),
        "IDX": make("IDX", "index"),
        "QCOUNT": make("QCOUNT", "count", period_type="quarter"),
    }


@pytest.fixture
def form(programme, indicators, units) -> ReportingForm:
    form = ReportingForm.objects.create(programme=programme, code="F-IMP", name_vi="Biểu thử", period_type="year")
    for order, code in enumerate(("SHARE", "PCT", "COUNT")):
        FormIndicator.objects.create(form=form, indicator=indicators[code], order=order)
    form.units.add(units["ward_a"], units["ward_b"])
    return form


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def snapshot() -> tuple:
    """Everything an import may change, to compare before and after."""
    values = sorted(
        DataValue.objects.values_list(
            "indicator__code", "org_unit__code", "period", "value", "numerator", "denominator", "note", "version"
        )
    )
    return values, DataValueVersion.objects.count()


@pytest.fixture
def seeded(indicators, units):
    """Figures already stored for ward A, 2024: what every rejected file must leave alone."""
    from dxtrack.reporting.services import value_record

    value_record(indicator=indicators["COUNT"], org_unit=units["ward_a"], period="2024", value=Decimal(10), note="entered by hand")
    value_record(indicator=indicators["SHARE"], org_unit=units["ward_a"], period="2024", numerator=Decimal(1), denominator=Decimal(4))
    return snapshot()


def csv_file(tmp_path: Path, *lines: str, name: str = "values.csv") -> Path:
    return write(tmp_path / name, CSV_HEADER + "".join(f"{line}\n" for line in lines))
