from django.urls import path

from memorial.archive import views

app_name = "archive"

urlpatterns = [
    path("attacks/", views.attack_index, name="attack_index"),
    path("attacks/<slug:key>/", views.attack_detail, name="attack"),
    path("victims/", views.victim_index, name="victim_index"),
    path("victims/<str:public_id>/", views.victim_detail, name="victim"),
    path("statistics/", views.statistics, name="statistics"),
]
