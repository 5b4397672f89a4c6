"""A change to what figures are judged by bumps the store version (decision 0026).

Targets, indicators (their rules, units and weights), pillars, baselines, milestones and a
programme's figure rules are edited through `programme load`, the Django admin and the shell
alike. Hooking their models' saves and deletes, rather than each place that edits them, means no
edit can leave a figure cached under the old definition.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from dxtrack.figures.models import FigureRules
from dxtrack.figures.versions import figures_changed
from dxtrack.programmes.models import Baseline, Indicator, Milestone, Pillar, Programme, Target

DEFINITION_MODELS = (Programme, Pillar, Indicator, Target, Baseline, Milestone, FigureRules)


def _definition_changed(sender: Any, **kwargs: Any) -> None:  # noqa: ARG001 - signal API
    if kwargs.get("raw"):  # loaddata / restore: the restored version row says what is current
        return
    figures_changed()


def definition_changes_connect() -> None:
    for model in DEFINITION_MODELS:
        post_save.connect(_definition_changed, sender=model, dispatch_uid=f"figures-definition-save-{model.__name__}")
        post_delete.connect(_definition_changed, sender=model, dispatch_uid=f"figures-definition-delete-{model.__name__}")
