"""Feedback budgets: intake p95 < 150 ms; the public list and search p95 < 150 ms with 100,000
items; a routing suggestion < 50 ms; training on 10,000 items < 60 s.

    .venv/bin/python bench/bench_feedback.py [--items 100000] [--requests 100] [--train 10000]
    DATABASE_URL=postgres://root@127.0.0.1:5432/dxtrack_bench .venv/bin/python bench/bench_feedback.py

Builds its own data in a fresh SQLite file under a temporary directory (or in DATABASE_URL, which
must be an empty scratch database): N published items generated from the sample templates
(bulk-inserted), then times, through Django's test client, web-form intake by distinct logged-in
senders and the public list with and without an accent-free search, then the routing model.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def build(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from dxtrack.feedback.answers import search_key
    from dxtrack.feedback.models import Answer, Channel, ContentArea, Item, State
    from dxtrack.feedback.sample.texts import sample_answer, sample_texts

    author, _created = get_user_model().objects.get_or_create(username="bench_author")
    areas = {area.code: area for area in ContentArea.objects.all()}
    rng = random.Random(11)
    now = timezone.now()
    rows = sample_texts(count=count, seed=5)
    for start in range(0, count, 5000):
        items, answers = [], []
        for index, (code, text) in enumerate(rows[start:start + 5000], start=start):
            received = date(2025, 1, 2) + timedelta(days=index % 500)
            answer = sample_answer(rng)
            items.append(Item(code=f"PAKN-25-B{index:06d}", channel=Channel.WEB, text=text, area=areas[code], state=State.PUBLISHED,
                              received_at=now, received_on=received, updated_at=now, due_on=received + timedelta(days=14),
                              answered_on=received + timedelta(days=rng.randint(3, 20)), is_sample=True,
                              search_text=search_key(f"{text} {answer}")))
            answers.append(answer)
        Item.objects.bulk_create(items)
        Answer.objects.bulk_create([Answer(item=item, text=text, public_question=item.text, public_answer=text, drafted_by=author,
                                           drafted_at=now, approved_at=now, published_at=now) for item, text in zip(items, answers, strict=True)])


def timed(client, url: str, requests: int, **params) -> list[float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url, params)
        assert response.status_code == 200, response.status_code
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def report(label: str, timings: list[float], budget: str) -> None:
    print(f"{label}: p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms ({budget})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--train", type=int, default=10_000, help="0 skips the routing model")
    args = parser.parse_args()
    os.environ.setdefault("DXTRACK_DATA_DIR", tempfile.mkdtemp(prefix="dxtrack-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from dxtrack.feedback.routing import segment, train_and_evaluate
    from dxtrack.feedback.sample.texts import sample_texts

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    from dxtrack.feedback.models import Item

    if Item.objects.filter(code__startswith="PAKN-25-B").count() != args.items:  # a re-run on the same scratch database reuses them
        started = time.perf_counter()
        build(args.items)
        print(f"[{engine}] {args.items:,} published items built in {time.perf_counter() - started:.1f} s")

    if engine == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:  # as autovacuum would have: the planner needs the new rows' statistics
            cursor.execute("ANALYZE feedback_item")
    public = Client()
    report(f"[{engine}] public list, {args.items:,} items", timed(public, "/feedback/", args.requests), "budget p95 < 150 ms")
    report(f"[{engine}] public search 'chu ky so'", timed(public, "/feedback/", args.requests, q="chu ky so"), "budget p95 < 150 ms")
    report(f"[{engine}] public search 'ho so' + area filter", timed(public, "/feedback/", args.requests, q="ho so", area="thu-tuc-hanh-chinh"),
           "budget p95 < 150 ms")

    segment("khởi động mô hình tách từ")  # the CRF model loads once per process, not per request
    timings = []
    for number in range(args.requests):
        sender, _created = get_user_model().objects.get_or_create(username=f"bench_sender_{number}")
        client = Client(REMOTE_ADDR=f"198.51.100.{number % 250}")
        client.force_login(sender)
        started = time.perf_counter()
        response = client.post("/feedback/new/", {"text": f"Đề nghị số {number}: rút ngắn thời gian cấp chữ ký số cho doanh nghiệp."})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
    report(f"[{engine}] intake (web form, no routing model)", timings, "budget p95 < 150 ms")

    if not args.train:
        return
    rows = sample_texts(count=args.train, seed=13)
    started = time.perf_counter()
    segmented = [segment(text) for _, text in rows]  # done once per item at intake (Item.segmented_text)
    seconds = time.perf_counter() - started
    print(f"word segmentation, {args.train:,} texts: {seconds:.1f} s ({seconds / args.train * 1000:.1f} ms each, paid at intake)")
    started = time.perf_counter()
    pipeline, evaluation = train_and_evaluate(segmented, [code for code, _ in rows])
    print(f"training on {args.train:,} segmented items (held-out fit + full fit): {time.perf_counter() - started:.1f} s "
          f"(budget < 60 s); held-out accuracy {evaluation.accuracy:.3f}, macro-F1 {evaluation.macro_f1:.3f} (sample data)")
    fresh = [text for _, text in sample_texts(count=args.requests, seed=77)]
    timings = []
    for text in fresh:
        started = time.perf_counter()
        pipeline.predict_proba([segment(text)])
        timings.append((time.perf_counter() - started) * 1000)
    report("routing suggestion (segmentation + model)", timings, "budget < 50 ms")


if __name__ == "__main__":
    main()
