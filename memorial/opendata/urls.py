from django.urls import path

from memorial.opendata import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.open_data, name="index"),
    path(f"open-data/{views.PUBLIC_KEY_FILE}", views.public_key, name="public_key"),
    path("open-data/<str:name>", views.download, name="download"),
    path("victims/<str:public_id>/cite.json", views.victim_reference, {"form": "csl"}, name="victim_csl"),
    path("victims/<str:public_id>/cite.bib", views.victim_reference, {"form": "bibtex"}, name="victim_bibtex"),
    path("attacks/<slug:key>/cite.json", views.attack_reference, {"form": "csl"}, name="attack_csl"),
    path("attacks/<slug:key>/cite.bib", views.attack_reference, {"form": "bibtex"}, name="attack_bibtex"),
]
