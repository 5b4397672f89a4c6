"""The one exception the number core raises.

Everything in :mod:`dxtrack.analytics` that cannot give a defined answer raises
:class:`AnalyticsError` with a message a person can act on. It subclasses :class:`ValueError`
so that callers that already treat bad input as ``ValueError`` keep working.

>>> from dxtrack.analytics.periods import parse_period
>>> try:
...     parse_period("2024Q5")
... except AnalyticsError as error:
...     print(error)
'2024Q5' is not a period: a quarter is Q1 to Q4
"""


class AnalyticsError(ValueError):
    """Bad input to the number core: the message says what was wrong and what is accepted."""
