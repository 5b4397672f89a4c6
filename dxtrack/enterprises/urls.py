from django.urls import path

from dxtrack.enterprises import (
    views,
    views_accounts,
    views_assessments,
    views_import,
    views_support,
)

app_name = "enterprises"

urlpatterns = [
    path("", views.registry_search, name="registry_search"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("import/", views_import.registry_import_upload, name="registry_import"),
    path("import/template.<str:format>", views_import.registry_import_template, name="registry_import_template"),
    path("import/<int:pk>/", views_import.registry_import_job, name="registry_import_job"),
    path("import/<int:pk>/progress/", views_import.registry_import_progress, name="registry_import_progress"),
    path("import/<int:pk>/errors.csv", views_import.registry_import_errors, name="registry_import_errors"),
    path("register/", views_accounts.account_register, name="account_register"),
    path("mine/", views_accounts.my_enterprise, name="my_enterprise"),
    path("mine/claim/", views_accounts.claim_create, name="claim_create"),
    path("mine/consents/", views_accounts.consent_update, name="consent_update"),
    path("mine/<int:pk>/", views_accounts.own_edit, name="own_edit"),
    path("mine/<int:pk>/assess/<slug:code>/", views_assessments.assessment_start, name="assessment_start"),
    path("mine/<int:pk>/support/<int:activity_pk>/apply/", views_accounts.enrolment_create, name="enrolment_create"),
    path("assessments/<int:pk>/", views_assessments.assessment_result, name="assessment_result"),
    path("claims/", views_accounts.claim_list, name="claim_list"),
    path("claims/<int:pk>/decide/", views_accounts.claim_decide, name="claim_decide"),
    path("support/", views_support.programme_list, name="programme_list"),
    path("support/<str:code>/", views_support.programme_dashboard, name="programme_dashboard"),
    path("support/<str:code>/enrolments/", views_support.enrolment_list, name="enrolment_list"),
    path("support/enrolments/<int:pk>/decide/", views_support.enrolment_decide, name="enrolment_decide"),
]
