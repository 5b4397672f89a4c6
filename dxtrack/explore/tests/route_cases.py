"""Route cases of the leaders' pages (see dxtrack/accounts/tests/test_route_matrix.py).

The public programme is read by everyone, the private one by the people of its province; an
unknown programme, indicator or unit is a 404 for everyone, a malformed parameter a 400.
"""

from dxtrack.accounts.tests.route_matrix import PUBLIC, TO_LOGIN, Case, everyone

PROVINCE_PROGRAMME = {"anonymous": TO_LOGIN, "enterprise": 404, "reporter_a": 200, "reporter_b": 200, "leader": 200}


def public_indicator(world) -> str:
    """An indicator of the public programme, with one approved-by-default value of ward A."""
    from decimal import Decimal

    from dxtrack.programmes.models import Indicator, Pillar
    from dxtrack.reporting.services import value_record

    pillar = Pillar.objects.create(programme=world.public_programme, code="XH", name_vi="Xã hội số")
    indicator = Indicator.objects.create(
        programme=world.public_programme, pillar=pillar, code="XH-01", name_vi="Số điểm truy cập", unit="điểm",
        value_type="count", unit_aggregation="sum", period_aggregation="last", order=1,
    )
    value_record(indicator=indicator, org_unit=world.units["ward_a"], period="2023", value=Decimal(12))
    return indicator.code


def public(world, *rest) -> list:
    return [world.public_programme.code, public_indicator(world), *rest]


def private(world, *rest) -> list:
    return [world.private_programme.code, "CB", *rest]


ROUTE_CASES = {
    "dashboards:indicator_detail": [
        Case(args=public, expect=PUBLIC),
        Case(args=private, expect=PROVINCE_PROGRAMME, note="a province programme: every unit inside the province reads it"),
        Case(args=lambda w: [w.public_programme.code, "NO-SUCH"], expect=everyone(404)),
        Case(args=["NO-SUCH-PLAN", "CB"], expect=everyone(404), note="an unknown programme is not a login redirect"),
        Case(args=public, data={"as_of": "31/12/2024"}, expect=everyone(400), note="malformed date"),
        Case(args=public, data={"period": "2024Q5"}, expect=everyone(400), note="malformed period"),
        Case(args=public, data={"period": "2019"}, expect=everyone(404), note="a period without a figure"),
        Case(args=public, data={"unit": "999999"}, expect=everyone(404), note="a unit outside the programme"),
        Case(args=public, data={"unit": "abc"}, expect=everyone(400)),
    ],
    "dashboards:indicator_download": [
        Case(args=lambda w: public(w, "series", "csv"), expect=PUBLIC),
        Case(args=lambda w: public(w, "breakdown", "xlsx"), expect=PUBLIC),
        Case(args=lambda w: public(w, "series", "json"), expect=PUBLIC),
        Case(args=lambda w: public(w, "breakdown", "dhis2"), expect=PUBLIC),
        Case(args=lambda w: private(w, "series", "xlsx"), expect=PROVINCE_PROGRAMME),
        Case(args=lambda w: public(w, "series", "exe"), expect=everyone(404)),
        Case(args=lambda w: public(w, "values", "csv"), expect=everyone(404)),
    ],
}

ROUTE_CASES["dashboards:unit_scorecard"] = [
    Case(args=lambda w: [w.public_programme.code, w.units["ward_a"].pk], expect=PUBLIC),
    Case(args=lambda w: [w.private_programme.code, w.units["ward_a"].pk], expect=PROVINCE_PROGRAMME),
    Case(args=lambda w: [w.public_programme.code, 999999], expect=everyone(404), note="an unknown unit"),
    Case(args=lambda w: [w.public_programme.code, w.units["country"].pk], expect=everyone(404), note="above the programme's area"),
    Case(args=lambda w: [w.public_programme.code, w.units["ward_a"].pk], data={"as_of": "yesterday"}, expect=everyone(400)),
]

ROUTE_CASES["dashboards:dti_ranking"] = [
    Case(expect=PUBLIC),
    Case(data={"view": "34"}, expect=PUBLIC),
    Case(data={"year": "2019"}, expect=everyone(400)),
]


def index_programme(world) -> list:
    """The public programme with a composite index of its communes over its one indicator."""
    from dxtrack.explore.models import CompositeIndex, IndexGroup, IndexIndicator

    code = public_indicator(world)
    index = CompositeIndex.objects.create(programme=world.public_programme, code="points", level="commune", name_vi="Chỉ số điểm")
    group = IndexGroup.objects.create(index=index, code="index")
    IndexIndicator.objects.create(index=index, indicator_code=code, group=group, minimum=0, maximum=20)
    return [world.public_programme.code]


ROUTE_CASES["dashboards:programme_ranking"] = [
    Case(args=index_programme, expect=PUBLIC),
    Case(args=lambda w: [w.private_programme.code], expect={**PROVINCE_PROGRAMME, "reporter_a": 404, "reporter_b": 404, "leader": 404},
         note="no index is defined for it: 404 for those who may see it"),
    Case(args=index_programme, data={"as_of": "2024"}, expect=everyone(400)),
]

ROUTE_CASES["dashboards:indicator_map"] = [
    Case(args=public, expect=PUBLIC),
    Case(args=private, expect=PROVINCE_PROGRAMME),
    Case(args=lambda w: [w.public_programme.code, "NO-SUCH"], expect=everyone(404)),
    Case(args=public, data={"period": "20x4"}, expect=everyone(400)),
]
ROUTE_CASES["dashboards:dti_map"] = [Case(expect=PUBLIC)]
ROUTE_CASES["dashboards:portal_home"] = [
    Case(expect=PUBLIC),
    Case(data={"q": "Phú"}, expect=PUBLIC),
    Case(data={"q": "x" * 101}, expect=everyone(400)),
]
ROUTE_CASES["dashboards:indicator_embed"] = [
    Case(args=public, expect=PUBLIC),
    Case(args=private, expect=PROVINCE_PROGRAMME),
    Case(args=lambda w: [w.public_programme.code, "NO-SUCH"], expect=everyone(404)),
]
ROUTE_CASES["dashboards:approval_queue"] = [
    Case(expect={"anonymous": TO_LOGIN, "enterprise": 403, "reporter_a": 403, "reporter_b": 403, "leader": 403},
         note="approvers only; no route-matrix persona approves"),
]
