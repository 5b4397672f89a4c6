"""Enterprise identifiers: the tax code (MST) and, for household businesses, the personal ID.

| function | accepts | returns |
| --- | --- | --- |
| ``tax_code_clean(text)`` | an MST: 10 digits, or 13 with a branch suffix (``0314409058-002``) | the compact digits |
| ``personal_id_clean(text)`` | a 12-digit personal identification number | the 12 digits |
| ``identifier_clean(text, household=)`` | either, by the rules below | ``(IdentifierType, compact)`` |
| ``identifier_display(type, compact)`` | a stored identifier | ``0314409058-002``; a personal ID in full |
| ``identifier_masked(type, compact)`` | a stored identifier | an MST as displayed; a personal ID masked |

The check digit is python-stdnum's (`stdnum.vn.mst`): never hand-rolled, because public
re-implementations disagree at the edges (remainder 0 has no valid check digit). Since July
2025 household businesses may be identified by the owner's 12-digit personal ID: it has no
check digit and is personal data, so lists show it masked and reading it in full is audited.

>>> tax_code_clean("0314409058-002")
'0314409058002'
>>> identifier_masked(IdentifierType.PERSONAL_ID, "079203001234")
'079*******34'
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.vn import mst

PERSONAL_ID_LENGTH = 12


class IdentifierType(models.TextChoices):
    TAX_CODE = "mst", gettext_lazy("Tax code (MST)")
    PERSONAL_ID = "personal_id", gettext_lazy("Personal ID (household business)")


def _compact(text: str) -> str:
    text = str(text or "")
    return text if text.isdigit() else mst.compact(text)  # most cells are bare digits already


def tax_code_clean(text: str) -> str:
    """The MST's compact digits, or ValidationError saying what is wrong with it."""
    number = _compact(text)
    shown = str(text or "").strip()[:40]
    if not number:
        raise ValidationError(_("The tax code is empty."), code="empty")
    if number.isdigit() and len(number) == PERSONAL_ID_LENGTH:
        raise ValidationError(
            _("“%(value)s” has 12 digits: a personal ID, which identifies household businesses only "
              "(legal form “hkd”). An enterprise needs its tax code of 10 digits, or 13 for a branch.")
            % {"value": shown},
            code="personal_id_not_allowed",
        )
    try:
        return mst.validate(number)  # the compact number: stdnum compacts it again, cheaply
    except InvalidLength:
        message = _("“%(value)s” has %(length)d digits: a tax code has 10 digits, or 13 with a branch suffix.")
    except InvalidFormat:  # after InvalidLength, its subclass
        message = _("“%(value)s” is not a tax code: only digits (and one dash before a branch suffix) are allowed.")
    except InvalidChecksum:
        message = _("“%(value)s” is not a valid tax code: its check digit (the 10th digit) is wrong.")
    except InvalidComponent:
        if len(number) == 13 and number[10:] == "000":
            message = _("“%(value)s”: the branch suffix “000” does not exist; branches are numbered 001 to 999.")
        else:
            message = _("“%(value)s” is not a valid tax code: digits 3 to 9 cannot all be zero.")
    raise ValidationError(message % {"value": shown, "length": len(number)}, code="invalid_tax_code")


def personal_id_clean(text: str) -> str:
    number = str(text or "").strip().replace(" ", "")
    if not (number.isdigit() and len(number) == PERSONAL_ID_LENGTH):
        raise ValidationError(
            _("“%(value)s” is not a personal ID: it must be exactly 12 digits.") % {"value": str(text)[:40]},
            code="invalid_personal_id",
        )
    return number


def identifier_clean(text: str, *, household: bool) -> tuple[str, str]:
    """(type, compact): a household business may give a 12-digit personal ID or an MST;
    every other legal form needs an MST."""
    number = _compact(text)
    if household and number.isdigit() and len(number) == PERSONAL_ID_LENGTH:
        return str(IdentifierType.PERSONAL_ID), personal_id_clean(number)
    return str(IdentifierType.TAX_CODE), tax_code_clean(text)


def identifier_display(kind: str, compact: str) -> str:
    if kind == IdentifierType.TAX_CODE:
        return mst.format(compact)
    return compact


def identifier_masked(kind: str, compact: str) -> str:
    if kind == IdentifierType.TAX_CODE:
        return mst.format(compact)
    # The first three digits are the province of birth registration; the rest is the person's.
    return f"{compact[:3]}{'*' * (len(compact) - 5)}{compact[-2:]}"
