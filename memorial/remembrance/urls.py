from django.urls import path

from memorial.remembrance import views

app_name = "remembrance"

urlpatterns = [
    path("candles/victims/<str:public_id>/", views.light_for_victim, name="candle_for_victim"),
    path("candles/pages/<int:page_id>/", views.light_for_page, name="candle_for_page"),
    path("share/victims/<str:public_id>/<slug:digest>.png", views.victim_share_card, name="victim_share_card"),
    path("share/attacks/<slug:key>/<slug:digest>.png", views.attack_share_card, name="attack_share_card"),
    path("share/pages/<int:page_id>/<slug:digest>.png", views.page_share_card, name="page_share_card"),
]
