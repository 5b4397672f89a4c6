"""Route cases of the feedback app (see dxtrack/accounts/tests/test_route_matrix.py).

The item of these cases was sent by the `enterprise` persona and assigned to the agency of
personas.py (under the province, so the provincial `leader` reads it). No persona is the
programme office or the agency's staff: their pages are refused to all five here, and
test_pages.py walks them with the workflow's own people.
"""

from dxtrack.accounts.tests.route_matrix import PUBLIC, TO_ADMIN_LOGIN, TO_LOGIN, Case, everyone

# The sender and the leader above the agency see the item; nobody else learns it exists.
ITEM_OF_ENTERPRISE = {"anonymous": 404, "enterprise": 200, "reporter_a": 404, "reporter_b": 404, "leader": 200}
STAFF_ONLY = {**everyone(403), "anonymous": TO_LOGIN}


def _item(world, state: str = "assigned") -> str:
    from django.utils import timezone

    from dxtrack.feedback.models import Answer, Channel, State
    from dxtrack.feedback.services import item_receive

    item = item_receive(channel=Channel.LETTER, text="Kiến nghị về thủ tục cấp chữ ký số.", sender_user=world.people["enterprise"])
    item.state, item.agency, item.assigned_on = state, world.units["agency"], item.received_on
    if state in (State.ANSWERED, State.PUBLISHED):
        now = timezone.now()
        Answer.objects.create(item=item, text="Trả lời.", drafted_by=world.people["leader"], drafted_at=now,
                              approved_by=world.people["leader"], approved_at=now, public_question="Câu hỏi về chữ ký số",
                              public_answer="Trả lời.", published_at=now if state == State.PUBLISHED else None)
        item.answered_on = item.received_on
    item.save()
    return item.code


def _area(world) -> str:
    from dxtrack.feedback.models import ContentArea, ContentKind
    from dxtrack.feedback.taxonomy import taxonomy_load

    taxonomy_load(ContentKind, ContentArea)  # seeded by a migration, but a flush elsewhere may have dropped it
    return "chuyen-doi-so"


def _event(world) -> int:
    from datetime import date

    from dxtrack.feedback.models import Event

    return Event.objects.create(title="Hội nghị đối thoại doanh nghiệp", held_on=date(2026, 3, 12), venue="Thủ Dầu Một").pk


def _attachment(world) -> list:
    from django.core.files.base import ContentFile

    from dxtrack.feedback.models import Attachment, Item

    item = Item.objects.get(code=_item(world))
    attachment = Attachment.objects.create(item=item, filename="bien-ban.pdf", content_type="application/pdf", size=9,
                                           sha256="0" * 64, file=ContentFile(b"%PDF-1.7\n", name="bien-ban.pdf"))
    return [item.code, attachment.pk]


def _routing_model(world) -> list[int]:
    from django.utils import timezone

    from dxtrack.feedback.models import RoutingModel

    return [RoutingModel.objects.create(trained_at=timezone.now(), blob=b"", train_size=8, test_size=2, accuracy=1, macro_f1=1,
                                        confusion={"labels": ["a", "b"], "matrix": [[1, 0], [0, 1]]}).pk]


def published(world) -> list[str]:
    return [_item(world, "published")]


ROUTE_CASES: dict[str, list[Case]] = {
    "feedback:track": [
        Case(expect=PUBLIC),
        Case(data={"code": "PAKN-26-NOSUCH"}, expect=everyone(404), note="an unknown code says so"),
        Case(data={"code": "PAKN-26-AAAAAA"}, expect=everyone(404)),
    ],
    "feedback:public_list": [Case(expect=PUBLIC), Case(data={"q": "chu ky so", "area": "chuyen-doi-so", "status": "late"}, expect=PUBLIC)],
    "feedback:public_detail": [
        Case(args=published, expect=PUBLIC),
        Case(args=lambda w: [_item(w, "answered")], expect=everyone(404), note="answered, not yet published"),
    ],
    "feedback:public_stats": [Case(expect=PUBLIC)],
    "feedback:public_report": [
        Case(args=published, expect=everyone(405), note="a report is a POST"),
        Case(args=published, method="post", data={"reason": "spam"},
             expect={**everyone(302), "reporter_b": 404, "leader": 404},
             note="each persona posts from its own address: the third report hides the answer from the public"),
        Case(args=lambda w: [_item(w, "answered")], method="post", data={"reason": "spam"}, expect=everyone(404)),
    ],
    "feedback:conference_answers": [Case(args=lambda w: [_event(w)], expect=PUBLIC), Case(args=[999999], expect=everyone(404))],
    "feedback:item_new": [
        Case(expect={**everyone(200), "anonymous": 302}, note="visitors without an account go to the e-mail route"),
        Case(method="post", data={"text": ""}, expect={**everyone(400), "anonymous": 302}, note="empty text: the form again"),
    ],
    "feedback:email_start": [Case(expect=PUBLIC), Case(method="post", data={"email": "not-an-address"}, expect=everyone(400))],
    "feedback:email_verified": [Case(args=["no-such-token"], expect=everyone(410)),
                                Case(args=["no-such-token"], method="post", data={"text": "x"}, expect=everyone(410))],
    "feedback:staff_new": [Case(expect=STAFF_ONLY), Case(method="post", data={"text": "x"}, expect=STAFF_ONLY)],
    "feedback:work_queue": [Case(expect=STAFF_ONLY)],
    "admin:feedback_routingmodel_confusion": [
        Case(args=_routing_model, expect=everyone(TO_ADMIN_LOGIN), note="admin staff with view permission only: test_confusion.py"),
    ],
    "feedback:staff_dashboard": [Case(expect=STAFF_ONLY, note="agency staff and the office only: test_dashboard.py walks them")],
    "feedback:item_detail": [Case(args=lambda w: [_item(w)], expect=ITEM_OF_ENTERPRISE), Case(args=["PAKN-26-NOSUCH"], expect=everyone(404))],
    "feedback:attachment_download": [
        Case(args=_attachment, expect=ITEM_OF_ENTERPRISE, note="the bytes go to those who see the item's full record"),
        Case(args=["PAKN-26-NOSUCH", 1], expect=everyone(404)),
    ],
    "feedback:item_act": [
        Case(args=lambda w: [_item(w)], expect={**everyone(405)}, note="actions are POSTs"),
        Case(args=lambda w: [_item(w)], method="post", data={"action": "withdraw"},
             expect={**ITEM_OF_ENTERPRISE, "enterprise": 302, "leader": 302}, note="the leader's refusal is a message"),
    ],
    "feedback:answer_save": [
        Case(args=lambda w: [_item(w)], expect=everyone(405)),
        Case(args=lambda w: [_item(w, "in_progress")], method="post", data={"text": "Trả lời"},
             expect={**ITEM_OF_ENTERPRISE, "enterprise": 302, "leader": 302}, note="refused with a message: not the agency"),
    ],
    "feedback:item_publish": [
        Case(args=lambda w: [_item(w, "answered")], expect={**ITEM_OF_ENTERPRISE, "enterprise": 403, "leader": 403}),
        Case(args=lambda w: [_item(w, "answered")], method="post", data={"public_question": "q", "public_answer": "a"},
             expect={**ITEM_OF_ENTERPRISE, "enterprise": 403, "leader": 403}),
    ],
    "feedback:item_rate": [
        Case(args=lambda w: [_item(w, "answered")], expect=everyone(405)),
        Case(args=lambda w: [_item(w, "answered")], method="post", data={"rating": "5"},
             expect={**ITEM_OF_ENTERPRISE, "enterprise": 302, "leader": 302}),
    ],
    # Open311 GeoReport v2: reads are public, a POST needs an application's api_key (not a login).
    "open311:discovery": [Case(args=["xml"], expect=PUBLIC), Case(args=["json"], expect=PUBLIC)],
    "open311:service_list": [Case(args=["xml"], expect=PUBLIC), Case(args=["json"], expect=PUBLIC)],
    "open311:service_definition": [Case(args=lambda w: [_area(w), "json"], expect=PUBLIC), Case(args=["no-such", "xml"], expect=everyone(404))],
    "open311:requests": [
        Case(args=["json"], expect=PUBLIC),
        Case(args=["xml"], method="post", data={"service_code": "chuyen-doi-so"}, expect=everyone(403), note="no api_key"),
    ],
    "open311:request_detail": [Case(args=lambda w: [_item(w), "json"], expect=PUBLIC), Case(args=["PAKN-26-NOSUCH", "xml"], expect=everyone(404))],
    "open311:token_detail": [Case(args=["0123abcd", "json"], expect=everyone(404))],
}
