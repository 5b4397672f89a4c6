"""Every table's rows, for comparing (parsed, so JSON key order and engines do not matter)."""

import json

from django.apps import apps
from django.core import serializers

from dxtrack.operations.backup_legacy import ExactJSONEncoder


def table_rows() -> dict[str, list]:
    result = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            text = serializers.serialize("json", model._base_manager.order_by("pk"), cls=ExactJSONEncoder)
            result[model._meta.label_lower] = json.loads(text)
    return result
