"""Routing suggestion from the Vietnamese text: which content area (and so which agency) an
item is about, with the model's confidence. A person confirms; the model only proposes.

Words are segmented with underthesea's bundled CRF model ("hoàn thuế giá trị gia tăng" →
"hoàn thuế giá_trị gia_tăng"), offline, once when an item is received (Item.segmented_text); a
TF-IDF of words and word pairs feeds a logistic regression (scikit-learn), whose class
probability is the confidence shown. The model takes segmented text. Trained offline
on the province's labelled history (`dxtrack feedback_train`); accuracy and macro-F1 are
measured on a held-out split and kept with the model.
"""

import io
import pickle  # noqa: S403  (models are written by this module only, into our own database)
from dataclasses import dataclass
from functools import lru_cache

from django.db import transaction
from django.utils import timezone

from dxtrack.feedback.models import ContentArea, Item, RoutingModel

HELD_OUT_SHARE = 0.2
MIN_TRAINING_ITEMS = 30


@dataclass(frozen=True)
class Suggestion:
    area: ContentArea
    confidence: float


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    macro_f1: float
    train_size: int
    test_size: int
    labels: tuple[str, ...] = ()
    matrix: tuple[tuple[int, ...], ...] = ()  # a row per true label, a column per predicted one


def segment(text: str) -> str:
    from underthesea import word_tokenize

    return word_tokenize(text.lower(), format="text")


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(
            token_pattern=r"(?u)\b\w+\b",  # noqa: S106  (a regular expression, not a password)
            ngram_range=(1, 2), sublinear_tf=True,
        ),
        LogisticRegression(C=10.0, solver="saga", max_iter=2000),
    )


def train_and_evaluate(texts: list[str], labels: list[str], *, seed: int = 11):
    """(pipeline fitted on all data, evaluation on a stratified held-out split); texts segmented."""
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
    from sklearn.model_selection import train_test_split

    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=HELD_OUT_SHARE, random_state=seed, stratify=labels
    )
    held_out = _pipeline().fit(train_x, train_y)
    predicted = held_out.predict(test_x)
    classes = tuple(sorted(set(labels)))
    evaluation = Evaluation(
        accuracy=float(accuracy_score(test_y, predicted)), macro_f1=float(f1_score(test_y, predicted, average="macro")),
        train_size=len(train_x), test_size=len(test_x), labels=classes,
        matrix=tuple(tuple(int(count) for count in row) for row in confusion_matrix(test_y, predicted, labels=list(classes))),
    )
    return _pipeline().fit(texts, labels), evaluation


def training_set() -> tuple[list[str], list[str]]:
    """Items a person classified (assigned or later), with their area."""
    rows = Item.objects.filter(area__isnull=False, assigned_on__isnull=False).values_list("segmented_text", "text", "area__code")
    texts = [segmented or segment(text) for segmented, text, _code in rows]
    return texts, [code for _segmented, _text, code in rows]


@transaction.atomic
def routing_model_train(*, on_sample_data: bool = False) -> RoutingModel:
    texts, labels = training_set()
    if len(texts) < MIN_TRAINING_ITEMS or len(set(labels)) < 2:
        raise ValueError(f"{len(texts)} classified items in {len(set(labels))} areas: too few to train on")
    pipeline, evaluation = train_and_evaluate(texts, labels)
    buffer = io.BytesIO()
    pickle.dump(pipeline, buffer)
    model = RoutingModel.objects.create(
        trained_at=timezone.now(), blob=buffer.getvalue(), train_size=evaluation.train_size,
        test_size=evaluation.test_size, accuracy=evaluation.accuracy, macro_f1=evaluation.macro_f1,
        on_sample_data=on_sample_data, confusion={"labels": list(evaluation.labels), "matrix": [list(row) for row in evaluation.matrix]},
    )
    _loaded.cache_clear()
    return model


@lru_cache(maxsize=1)
def _loaded(model_id: int):
    blob = RoutingModel.objects.values_list("blob", flat=True).get(pk=model_id)
    return pickle.loads(bytes(blob))  # noqa: S301  (our own model, see the module's import)


def suggest_area(text: str) -> Suggestion | None:
    latest = RoutingModel.objects.values_list("pk", flat=True).first()
    if latest is None:
        return None
    pipeline = _loaded(latest)
    probabilities = pipeline.predict_proba([segment(text)])[0]
    best = int(probabilities.argmax())
    area = ContentArea.objects.filter(code=pipeline.classes_[best]).first()
    return Suggestion(area=area, confidence=float(probabilities[best])) if area else None
