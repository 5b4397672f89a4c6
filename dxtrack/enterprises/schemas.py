"""Input and output shapes of the enterprises API."""

from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

MAX_PAGE = 500
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")]
TaxCode = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=r"^[0-9 .\-]+$")]


class EnterpriseFilterIn(Schema):
    q: Text | None = Field(None, description="Tax code (or its beginning), or words of the name; accents optional.")
    vsic: Annotated[str, StringConstraints(pattern=r"^\d{1,5}$")] | None = Field(
        None, description="VSIC 2018 code or its beginning (62: computer programming)."
    )
    ward: Annotated[str, StringConstraints(pattern=r"^\d{5}$")] | None = Field(None, description="Today's ward code.")
    size: Literal["micro", "small", "medium", "large"] | None = Field(None, description="Decree 80/2021 size class.")
    it: bool = Field(False, description="IT enterprises only.")
    limit: int = Field(100, ge=1, le=MAX_PAGE, description=f"Enterprises per page (1–{MAX_PAGE}).")
    offset: int = Field(0, ge=0, description="Enterprises to skip.")


class EnterpriseOut(Schema):
    tax_code: str = Field(description="MST as written (0314409058-002); a household's personal ID masked.")
    identifier_type: str = Field(description="mst or personal_id")
    name: str
    name_en: str
    legal_form: str
    vsic: str
    vsic_version: str
    size_class: str
    employees: int
    revenue_vnd: int | None
    capital_vnd: int | None
    ward: str = Field(description="Today's ward code.")
    ward_name: str
    ward_before_2025: str | None = Field(description="The pre-2025 ward code, where the registry knows it.")
    status: str
    status_since: str | None
    is_it: bool
    sample: bool = Field(description="Synthetic demo data (dữ liệu mẫu).")


class EnterprisePageOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EnterpriseOut]


class AssessmentFilterIn(Schema):
    framework: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]{1,40}$")] | None = Field(
        None, description="Framework code (dbi-2021, edih-dma-sme); all frameworks when left out.")
    group_by: Literal["ward", "size_class", "section"] | None = Field(
        None, description="Officers' aggregates by today's ward, Decree 80 size class or VSIC section; one row per framework without.")


class AssessmentOut(Schema):
    id: int
    tax_code: str = Field(description="The enterprise's MST as written (a household's personal ID masked).")
    enterprise: str
    framework: str
    framework_version: int = Field(description="The version the questions were answered in.")
    submitted_at: str
    scored_with_version: int | None = Field(description="The framework version of the current scores.")
    overall: float | None
    level: str | None = Field(description="The band's code (DBI: l0–l5).")
    dimensions: dict[str, float]
    sample: bool


class AssessmentAggregateOut(Schema):
    framework: str
    group: str | None = Field(description="The ward code, size class or VSIC section; null without group_by.")
    enterprises: int | None = Field(description="Assessed enterprises (each by its latest assessment); null when suppressed.")
    mean_overall: float | None
    levels: dict[str, int] = Field(description="Enterprises per band code; empty when suppressed.")
    suppressed: bool = Field(description="True when fewer than 5 enterprises: nothing of the group is published.")


class AssessmentsOut(Schema):
    assessments: list[AssessmentOut] = Field(description="Your own enterprises' assessments (verified members).")
    aggregates: list[AssessmentAggregateOut] = Field(description="For people with a unit role: the wards they may read.")
