"""The DHIS2 resources we answer: pattern (after /api/ and the optional version, before the
suffix) → handler per method, and the formats offered."""

from dxtrack.dhis2 import views_system
from dxtrack.dhis2.dispatch import Route

ROUTES: list[Route] = [
    Route(r"system/info", {"GET": views_system.system_info}),
    Route(r"me", {"GET": views_system.me}),
]
