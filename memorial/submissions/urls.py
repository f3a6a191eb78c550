from django.urls import path

from memorial.submissions import views

app_name = "submissions"

# Under the language prefix; no receipt code ever appears in these addresses (it travels by POST only).
urlpatterns = [
    path("submit/tribute/<str:public_id>/", views.TributeView.as_view(), name="tribute"),
    path("status/", views.status, name="status"),
    path("submit/record/", views.new_record_search, name="new_record_search"),
    path("submit/record/form/", views.NewRecordView.as_view(), name="new_record"),
    path("submit/correction/<str:public_id>/", views.CorrectionView.as_view(), name="correction"),
    path("submit/takedown/<str:public_id>/", views.TakedownView.as_view(), name="takedown"),
    path("about/", views.about, name="about"),
]
