"""A small programme over the personas' units, and clients that call the API as each persona.

- programme `T-API` (province area, not public) with `COUNT` (a yearly count), `SHARE` (a
  yearly percentage with numerator and denominator) and `QCOUNT` (a quarterly count);
- form `F-API` (yearly: COUNT and SHARE), reported by wards A and B;
- values for 2024: ward A COUNT 10 and SHARE 30/40 (75 %), ward B COUNT 20.

`api(persona)` is a Django test client sending that persona's personal access token
(`anonymous`: no credentials at all).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from dxtrack.accounts.tokens import token_create
from dxtrack.programmes.models import Indicator, Pillar, Programme
from dxtrack.reporting.models import FormIndicator, ReportingForm
from dxtrack.reporting.services import value_record

PERSONAS = ("anonymous", "enterprise", "reporter_a", "reporter_b", "leader", "officer", "approver")
BASE = "/api/v1"


class ApiClient(Client):
    """A test client that can also POST a JSON body."""

    def post_json(self, path: str, payload: Any, **extra: Any):
        return self.post(path, data=json.dumps(payload), content_type="application/json", **extra)

    def put_json(self, path: str, payload: Any, **extra: Any):
        return self.put(path, data=json.dumps(payload), content_type="application/json", **extra)

    def patch_json(self, path: str, payload: Any, **extra: Any):
        return self.patch(path, data=json.dumps(payload), content_type="application/json", **extra)

    def delete_json(self, path: str, payload: Any = None, **extra: Any):
        return self.delete(path, data=json.dumps(payload) if payload is not None else "", content_type="application/json", **extra)


@pytest.fixture
def people(leader, officer, reporter_a, reporter_b, enterprise, approver) -> dict:
    return {
        "leader": leader, "officer": officer, "reporter_a": reporter_a, "reporter_b": reporter_b,
        "enterprise": enterprise, "approver": approver,
    }


@pytest.fixture
def api(people):
    """api(persona) → a client with that persona's bearer token (made once per test)."""
    clients: dict[str, ApiClient] = {}

    def make(persona: str) -> ApiClient:
        if persona not in clients:
            if persona == "anonymous":
                clients[persona] = ApiClient()
            else:
                _token, plain = token_create(user=people[persona], name="tests")
                clients[persona] = ApiClient(HTTP_AUTHORIZATION=f"Bearer {plain}")
        return clients[persona]

    return make


@pytest.fixture
def programme(units) -> Programme:
    return Programme.objects.create(
        code="T-API", title_vi="Chương trình thử API", horizon_start=2022, horizon_end=2030, area=units["province"],
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
        "COUNT": make("COUNT", "count"),
        "SHARE": make("SHARE", "percentage_with_parts", limit=Decimal(100)),
        "QCOUNT": make("QCOUNT", "count", period_type="quarter"),
    }


@pytest.fixture
def form(programme, indicators, units) -> ReportingForm:
    form = ReportingForm.objects.create(
        programme=programme, code="F-API", name_vi="Biểu thử API", name_en="API test form", period_type="year",
    )
    for order, code in enumerate(("COUNT", "SHARE")):
        FormIndicator.objects.create(form=form, indicator=indicators[code], order=order)
    form.units.add(units["ward_a"], units["ward_b"])
    return form


@pytest.fixture
def values(form, indicators, units) -> dict:
    return {
        "a_count": value_record(indicator=indicators["COUNT"], org_unit=units["ward_a"], period="2024", value=Decimal(10)),
        "a_share": value_record(
            indicator=indicators["SHARE"], org_unit=units["ward_a"], period="2024", numerator=Decimal(30), denominator=Decimal(40),
        ),
        "b_count": value_record(indicator=indicators["COUNT"], org_unit=units["ward_b"], period="2024", value=Decimal(20)),
    }


def data_value_set(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"dataValues": list(entries)}


def entry(element: str, unit: str, value: Any, *, period: str = "2024", **more: Any) -> dict[str, Any]:
    return {"dataElement": element, "orgUnit": unit, "period": period, "value": value, **more}
