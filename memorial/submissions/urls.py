from django.urls import path

from memorial.submissions import views

app_name = "submissions"

# Under the language prefix; no receipt code ever appears in these addresses (it travels by POST only).
urlpatterns = [
    path("submit/tribute/<str:public_id>/", views.TributeView.as_view(), name="tribute"),
    path("status/", views.status, name="status"),
]
