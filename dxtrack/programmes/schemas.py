"""Output shapes of the programmes API: programmes and the codes of their indicators."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

# No control characters: a NUL would reach the database (PostgreSQL refuses it).
ProgrammeCode = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=r"^[^\x00-\x1f\x7f]*$")]


class ProgrammeOut(Schema):
    code: str
    title: str
    area: str = Field(description="Org unit code of the programme's area.")
    horizon_start: int
    horizon_end: int
    is_public: bool


class IndicatorOut(Schema):
    code: str
    name: str
    pillar: str
    value_type: str
    unit: str
    period_type: str
    natural_limit: str | None = Field(description="Upper bound of a figure, as decimal text.")


class ProgrammeDetailOut(ProgrammeOut):
    indicators: list[IndicatorOut]
