"""The DHIS2 resources we answer: pattern (after /api/ and the optional version, before the
suffix) → handler per method, and the formats offered."""

from dxtrack.dhis2 import views_data, views_metadata, views_system, views_value
from dxtrack.dhis2.dispatch import Route

_COLLECTIONS = "|".join(views_metadata.COLLECTIONS)
_UID = r"[A-Za-z][A-Za-z0-9]{10}"

ROUTES: list[Route] = [
    Route(r"system/info", {"GET": views_system.system_info}),
    Route(r"me", {"GET": views_system.me}),
    Route(rf"system/tasks/(?P<type>[A-Z_]+)/(?P<uid>{_UID})", {"GET": views_system.task_notifications}),
    Route(rf"system/taskSummaries/(?P<type>[A-Z_]+)/(?P<uid>{_UID})", {"GET": views_system.task_summary}),
    Route(rf"(?P<collection>{_COLLECTIONS})", {"GET": views_metadata.collection_list}),
    Route(rf"(?P<collection>{_COLLECTIONS})/(?P<uid>{_UID})", {"GET": views_metadata.collection_get}),
    Route(r"filledOrganisationUnitLevels", {"GET": views_metadata.filled_levels}),
    Route(
        r"dataValueSets", {"GET": views_data.data_value_sets_get, "POST": views_data.data_value_sets_post},
        formats=("json", "csv", "xml"),
    ),
    Route(r"dataValues", {
        "GET": views_value.data_value_get, "POST": views_value.data_value_post, "DELETE": views_value.data_value_delete,
    }),
    Route(rf"identifiableObjects/(?P<uid>{_UID})", {"GET": views_metadata.identifiable_object}),
]
