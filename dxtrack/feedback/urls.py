from django.urls import path

from dxtrack.feedback import views_dashboard, views_intake, views_public, views_work

app_name = "feedback"

urlpatterns = [
    path("", views_public.public_list, name="public_list"),
    path("answers/<str:code>/", views_public.public_detail, name="public_detail"),
    path("conferences/<int:event_id>/answers.docx", views_public.conference_answers, name="conference_answers"),
    path("answers/<str:code>/report/", views_public.public_report, name="public_report"),
    path("statistics/", views_public.public_stats, name="public_stats"),
    path("track/", views_public.item_track, name="track"),
    path("new/", views_intake.item_new, name="item_new"),
    path("new/email/", views_intake.email_start, name="email_start"),
    path("new/email/<str:token>/", views_intake.email_verified, name="email_verified"),
    path("staff/new/", views_intake.staff_new, name="staff_new"),
    path("work/", views_work.work_queue, name="work_queue"),
    path("work/dashboard/", views_dashboard.staff_dashboard_view, name="staff_dashboard"),
    path("items/<str:code>/", views_work.item_detail, name="item_detail"),
    path("items/<str:code>/attachments/<int:attachment_id>/", views_work.attachment_download, name="attachment_download"),
    path("items/<str:code>/act/", views_work.item_act, name="item_act"),
    path("items/<str:code>/answer/", views_work.answer_save, name="answer_save"),
    path("items/<str:code>/publish/", views_work.item_publish, name="item_publish"),
    path("items/<str:code>/rate/", views_work.item_rate_view, name="item_rate"),
]
