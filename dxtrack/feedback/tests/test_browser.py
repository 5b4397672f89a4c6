"""In Chromium: an enterprise submits, the programme office routes it, the agency answers, its
head approves and publishes after the review of personal data, the answer is on the public
page, and the enterprise rates it."""

import pytest
from django.urls import reverse

from dxtrack.accounts.tests.mfa_browser import pass_second_step
from dxtrack.feedback.models import Item, RoutingRule, State
from dxtrack.feedback.tests.factories import area, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct-horse-battery-staple"


def _log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    pass_second_step(page, username)
    page.wait_for_url(live_server.url + "/")


def _act(page, action: str) -> None:
    page.locator(f"button[data-action={action}]").click()
    page.wait_for_load_state()


def test_from_submission_to_a_rated_public_answer(live_server, page, units, enterprise, officer):
    staff, head = staff_of(units)
    RoutingRule.objects.create(area=area("chuyen-doi-so"), agency=units["agency"])

    _log_in(page, live_server, "enterprise")
    page.goto(live_server.url + reverse("feedback:item_new"))
    page.fill("#id_text", "Tôi là anh Võ Quốc Huy (0909 123 456). Đề nghị <b>rút ngắn</b> thời gian cấp chữ ký số.")
    page.select_option("#id_area", label="Chuyển đổi số, dịch vụ công trực tuyến")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    item = Item.objects.get()
    assert item.code in page.locator(".alert-success").inner_text()

    _log_in(page, live_server, "officer")
    page.goto(live_server.url + reverse("feedback:item_detail", args=[item.code]))
    assert "<b>rút ngắn</b>" in page.locator("#item-text").inner_text()  # shown as text
    _act(page, "assign")
    assert page.locator("#item-state").inner_text() == "Đã chuyển cơ quan xử lý"

    _log_in(page, live_server, "staff")
    page.goto(live_server.url + reverse("feedback:item_detail", args=[item.code]))
    _act(page, "start")
    page.fill("#answer", "Sở đã rút ngắn thời gian cấp chữ ký số còn 2 ngày làm việc.")
    page.locator("form[action$='/answer/'] button").click()
    page.wait_for_load_state()

    _log_in(page, live_server, "head")
    page.goto(live_server.url + reverse("feedback:item_detail", args=[item.code]))
    _act(page, "approve")
    page.locator("a[href$='/publish/']").click()
    assert "anh [họ tên] ([số điện thoại])" in page.locator("#public_question").input_value()
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert Item.objects.get().state == State.PUBLISHED

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("feedback:public_list") + "?q=chu+ky+so")
    page.locator(f"a[href$='/answers/{item.code}/']").click()
    body = page.locator("main").inner_text()
    assert "còn 2 ngày làm việc" in body and "Võ Quốc Huy" not in body and "0909" not in body

    _log_in(page, live_server, "enterprise")
    page.goto(live_server.url + reverse("feedback:item_detail", args=[item.code]))
    page.check("#rating-5")
    page.locator("form[action$='/rate/'] button").click()
    page.wait_for_load_state()
    assert Item.objects.get().rating == 5
