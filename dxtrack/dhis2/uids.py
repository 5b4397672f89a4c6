"""DHIS2 UIDs: generated once per object, stored, looked up both ways.

A DHIS2 UID is 11 characters, a letter and then ten letters or digits (DHIS2's own rule, which
clients check). ``uids_for(model, ids)`` gives every id its UID, making the missing ones in
one insert; ``ids_for(model, uids)`` is the way back. The DHIS2 defaults use DHIS2's own
well-known UIDs (seeded by the migration), so scripts that hard-code them keep working.
"""

from __future__ import annotations

import re
import secrets
import string
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from dxtrack.dhis2.models import Dhis2Uid

UID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
LETTERS = string.ascii_letters
ALPHANUMERIC = string.ascii_letters + string.digits

# DHIS2's default category model, the same UIDs as in every DHIS2 database.
DEFAULT_CATEGORY_OPTION_COMBO = "default_category_option_combo"
DEFAULT_CATEGORY_COMBO = "default_category_combo"
DEFAULT_CATEGORY = "default_category"
DEFAULT_CATEGORY_OPTION = "default_category_option"
DEFAULTS = {
    DEFAULT_CATEGORY_OPTION_COMBO: "HllvX50cXC0",
    DEFAULT_CATEGORY_COMBO: "bjDvmb4bfuf",
    DEFAULT_CATEGORY: "GLevLNI9wkl",
    DEFAULT_CATEGORY_OPTION: "xYerKDKCefk",
}


def uid_generate() -> str:
    return secrets.choice(LETTERS) + "".join(secrets.choice(ALPHANUMERIC) for _ in range(10))


def is_uid(text: str) -> bool:
    return bool(UID_PATTERN.match(text or ""))


def uids_for(model: type[models.Model], ids: Iterable[int]) -> dict[int, str]:
    """{id: UID} for every id, the missing UIDs made and stored now (once: a parallel request
    that made one first wins, and both answers agree)."""
    wanted = set(ids)
    if not wanted:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    found = _stored(content_type, wanted)
    missing = wanted - set(found)
    if missing:
        Dhis2Uid.objects.bulk_create(
            [Dhis2Uid(uid=uid_generate(), content_type=content_type, object_id=pk) for pk in missing],
            ignore_conflicts=True,
        )
        found.update(_stored(content_type, missing))
    return found


def uid_for(instance: models.Model) -> str:
    return uids_for(instance._meta.model, [instance.pk])[instance.pk]


def _stored(content_type: ContentType, ids: set[int]) -> dict[int, str]:
    rows = Dhis2Uid.objects.filter(content_type=content_type, object_id__in=list(ids)).values_list("object_id", "uid")
    return dict(rows)


def ids_for(model: type[models.Model], uids: Iterable[str]) -> dict[str, int]:
    """{UID: id} of the UIDs that name an object of `model` (others are left out)."""
    content_type = ContentType.objects.get_for_model(model)
    rows = Dhis2Uid.objects.filter(content_type=content_type, uid__in=list(set(uids))).values_list("uid", "object_id")
    return dict(rows)


def object_named(uid: str) -> tuple[type[models.Model] | None, int | None, str | None]:
    """(model, id, None) of the object a UID names, (None, None, default name) for a DHIS2
    default, or (None, None, None) when it names nothing."""
    row = Dhis2Uid.objects.filter(uid=uid).select_related("content_type").first()
    if row is None:
        # DHIS2's defaults are known without their rows (a flushed database has none yet).
        default = next((name for name, known in DEFAULTS.items() if known == uid), None)
        return None, None, default
    if row.name:
        return None, None, row.name
    return row.content_type.model_class(), row.object_id, None


def named_uid(name: str) -> str:
    """The UID of something that is no row of ours (a DHIS2 default, a role, the system), made
    once; the DHIS2 defaults keep DHIS2's own UIDs."""
    row = Dhis2Uid.objects.filter(name=name).values_list("uid", flat=True).first()
    if row is None:
        uid = DEFAULTS.get(name) or uid_generate()
        Dhis2Uid.objects.bulk_create([Dhis2Uid(uid=uid, name=name)], ignore_conflicts=True)
        row = Dhis2Uid.objects.get(name=name).uid
    return row
