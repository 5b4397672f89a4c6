"""Output shapes of the accounts API (who am I)."""

from datetime import datetime

from ninja import Field, Schema


class RoleOut(Schema):
    role: str
    role_label: str
    unit: str = Field(description="Org unit code; the role covers the unit and every unit below it.")
    unit_name: str


class TokenInfoOut(Schema):
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    is_superuser: bool
    language: str = Field(description="The language of this answer's messages (Accept-Language).")
    roles: list[RoleOut]
    token: TokenInfoOut | None = Field(description="The access token of this request; null for a browser session.")
