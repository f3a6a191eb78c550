"""Filling in the family forms the way a browser does: read the served form, send it back with answers."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from bs4 import BeautifulSoup
from PIL import Image

GPS_IFD = 0x8825
GPS_CANARY = "GPS-CANARY-submission"


def served_fields(response):
    """The hidden and pre-filled values of the first POST form on a page, as a browser would send them."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", method="post")
    values = {}
    for field in form.find_all("input"):
        kind = field.get("type", "text")
        if kind in {"file", "submit", "checkbox", "radio"} or not field.get("name"):
            continue
        values[field["name"]] = field.get("value", "")
    for field in form.find_all("input", type="radio", checked=True):
        values[field["name"]] = field["value"]
    for area in form.find_all("textarea"):
        values[area["name"]] = area.text.strip()
    return values


def tribute_answers(response, **answers):
    values = served_fields(response)
    values.update(
        {
            "text": "كان يحب الزيتون وأولاده. He loved olives and his children.",
            "author_display": "relationship",
            "author_relationship": "أخوه",
            "consent_given": "on",
        }
    )
    values.update(answers)
    return values


def jpeg_with_gps(size=(640, 480), colour=(120, 80, 40)):
    exif = Image.Exif()
    exif[0x010E] = GPS_CANARY
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (35.0, 50.0, 0.0), 3: "E", 4: (36.0, 38.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def served_choices(response):
    """The checked radio buttons and selected options of the first POST form, as a browser would send them."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", method="post")
    values = {field["name"]: field["value"] for field in form.find_all("input", type="radio", checked=True)}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True)
        values[select["name"]] = chosen.get("value", "") if chosen else ""
    return values


def new_record_answers(response, **answers):
    """A new-record form filled in as a family would: the served hidden values and default choices, then a
    synthetic person."""
    values = {**served_fields(response), **served_choices(response)}
    values.update(
        {
            "given_name_ar": "ليلى",
            "father_name_ar": "سامر",
            "family_name_ar": "العمر",
            "given_name_latin": "Layla",
            "father_name_latin": "Samer",
            "family_name_latin": "al-Omar",
            "sex": "female",
            "age": "9",
            "death_day": "",
            "death_month": "4",
            "death_year": "2017",
            "place_name": "قرية تجريبية",
            "place_level": "town",
            "biography": "كانت تحب الرسم. She loved drawing.",
            "sources": "A sample list, to be verified.",
            "author_display": "relationship",
            "author_relationship": "خالتها",
            "consent_given": "on",
        }
    )
    values.update(answers)
    return values
