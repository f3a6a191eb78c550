"""The shapes the public API answers with, for its OpenAPI description and its response validation. Every text
comes in both languages (`ar`, `en`) or both scripts (`ar`, `latin`): one answer serves every reader, so no
response varies with the language asked for (the interface strings of a 422 aside)."""

from datetime import date
from typing import Generic, Literal, TypeVar

from ninja import Field, Schema

Item = TypeVar("Item")


class Texts(Schema):
    ar: str = Field(description="In Arabic; empty when there is none.")
    en: str = Field(description="In English; empty when there is none.")


class Names(Schema):
    ar: str = Field(description="In Arabic script; empty when not shown.")
    latin: str = Field(description="In Latin script; empty when not shown.")


class PlaceBrief(Schema):
    id: int
    level: Literal["governorate", "district", "town"]
    name: Texts


class PlaceOut(PlaceBrief):
    within: PlaceBrief | None = Field(description="The district or governorate this place lies in.")
    url: str = Field(description="This place in the API.")


class ShownPlace(PlaceBrief):
    within: list[PlaceBrief] = Field(description="The places the shown place lies in, nearest first.")


class SourceOut(Schema):
    publisher: str
    title: str
    document_number: str
    date: date | None
    url: str


class AttackBrief(Schema):
    key: str
    title: Texts
    date: date
    url: Texts = Field(description="The attack's public page in each language.")
    api_url: str


class FigureOut(Schema):
    kind: Literal["killed", "injured"]
    low: int
    high: int | None = Field(description="Set only when the source gave a range.")
    reported_by: str = Field(description="The source's words, verbatim.")
    reported_on: date | None
    source: SourceOut | None


class FindingOut(Schema):
    body: str
    document: str
    date: date | None
    attribution: str = Field(description="In the investigating body's own words.")
    source: SourceOut | None


class AttackOut(AttackBrief):
    end_date: date | None = Field(description="Only for attacks over several days.")
    places: list[PlaceOut]
    agent: str
    agent_label: Texts
    agent_as_reported: str
    delivery: str = Field(description="Empty when unknown.")
    delivery_label: Texts
    delivery_as_reported: str
    figures_checked: bool = Field(description="False while the figures are still to be verified against the sources.")
    figures: list[FigureOut]
    findings: list[FindingOut]
    narrative: Texts = Field(description="HTML, as the attack page shows it.")
    sources: list[SourceOut]
    public_victim_count: int = Field(description="Published victim records tied to this attack.")


class PhotoOut(Schema):
    url: str
    width: int
    height: int
    blurred: bool = Field(description="Blurred at the family's request.")
    graphic: bool = Field(description="May be distressing: show it only on request.")


class VictimOut(Schema):
    id: str = Field(description="The record's permanent public id.")
    sample: bool = Field(description="Synthetic demonstration data, not a real person.")
    url: Texts = Field(description="The record's public page in each language.")
    api_url: str
    name: Names = Field(description="The public name; both empty when the family withheld it.")
    name_shown_in_full: bool
    name_is_pseudonym: bool = Field(description="A name chosen by the family, not the person's own.")
    sex: Literal["female", "male"] | None
    age: int | None = Field(description="Age in years at death, when shown.")
    age_group: str | None = Field(description="Shown when the exact age is not: 0-4, 5-11, 12-17, 18-29, 30-44, …")
    date_of_death: str | None = Field(
        description="ISO 8601 to the precision shown: 2017-04-04, 2017-04 or 2017.", examples=["2017-04"]
    )
    date_of_death_precision: Literal["day", "month", "year"] | None
    place: ShownPlace | None = Field(description="The place as precisely as the record shows it.")
    attack: AttackBrief | None
    photo: PhotoOut | None
    biography: Texts
    sources: list[SourceOut]
    documentation_status: Literal["reported", "corroborated", "confirmed"]


class Page(Schema, Generic[Item]):
    count: int = Field(description="Matching items on every page.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The next page's address, if any.")
    previous: str | None
    results: list[Item]


class ApiIndex(Schema):
    victims: str
    attacks: str
    places: str
    remembrance_days: str
    anniversaries: str
    openapi: str
    docs: str


class ErrorOut(Schema):
    detail: str | list[dict]
