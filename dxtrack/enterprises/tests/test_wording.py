"""Words with two meanings in Vietnamese carry a context (pgettext): a framework's "title" is its
name (tên), not a document's title as for a programme (tên văn bản); an assessment's "level" is a
maturity level (mức), not a tier of units (cấp)."""

from django.utils import translation

from dxtrack.enterprises.models import AssessmentFramework, AssessmentResult
from dxtrack.programmes.models import Programme


def label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


def test_a_frameworks_title_and_an_assessments_level_read_in_their_own_sense() -> None:
    with translation.override("vi"):
        assert label(AssessmentFramework, "title_vi") == "tên (tiếng Việt)"
        assert label(AssessmentFramework, "title_en") == "tên (tiếng Anh)"
        assert label(AssessmentResult, "band") == "mức"
        assert label(Programme, "title_vi") == "tên văn bản (tiếng Việt)"
    with translation.override("en"):
        assert (label(AssessmentFramework, "title_vi"), label(AssessmentResult, "band")) == ("title (Vietnamese)", "level")
