"""The registry as rows of the file layout (files.py), for the export and the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from dxtrack.enterprises.identifiers import identifier_display
from dxtrack.enterprises.models import Enterprise


def registry_rows(enterprises: QuerySet[Enterprise]) -> Iterator[dict[str, Any]]:
    """Every enterprise as a row of EXPORT_COLUMNS. The personal IDs of household businesses
    are written in full: the export is for the registry's keepers (and is audited)."""
    rows = enterprises.select_related("ward", "ward_before_2025").order_by("tax_code")
    for enterprise in rows.iterator(chunk_size=2_000):
        yield {
            "tax_code": identifier_display(enterprise.identifier_type, enterprise.tax_code),
            "name": enterprise.name_vi,
            "name_en": enterprise.name_en,
            "legal_form": enterprise.legal_form,
            "vsic": enterprise.vsic,
            "ward": enterprise.ward_input,
            "employees": enterprise.employees,
            "revenue_vnd": enterprise.revenue_vnd,
            "capital_vnd": enterprise.capital_vnd,
            "status": enterprise.status,
            "status_since": enterprise.status_since.isoformat() if enterprise.status_since else "",
            "registered_on": enterprise.registered_on.isoformat() if enterprise.registered_on else "",
            "is_it": enterprise.is_it,
            "e_contracts": "" if enterprise.uses_e_contracts is None else enterprise.uses_e_contracts,
            "size_class": enterprise.size_class,
            "ward_code": enterprise.ward.code,
            "ward_before_2025_code": enterprise.ward_before_2025.code if enterprise.ward_before_2025 else "",
        }
