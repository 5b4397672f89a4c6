"""Shapes every router shares: the error body."""

from ninja import Schema


class FieldErrorOut(Schema):
    location: str  # where in the request: "query.period", "body.dataValues.0.value", "header.Idempotency-Key"
    message: str


class ErrorOut(Schema):
    """Every 4xx answer: `detail` says what went wrong and what to do, in the request's language."""

    detail: str
    errors: list[FieldErrorOut] = []
