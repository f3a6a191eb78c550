"""Replace Wagtail's welcome page with the archive's home page in Arabic and its English translation."""

import uuid

from django.db import migrations

ARABIC = {
    "title": "ذكرى ضحايا الهجمات الكيميائية في سوريا",
    "slug": "home",
    "introduction": (
        "أرشيف يحفظ أسماء من قُتلوا في الهجمات بالأسلحة الكيميائية في سوريا وقصصهم، "
        "ويوثّق كل هجوم بمصادره، كي لا يُنسى أحد ولا تُمحى الحقيقة."
    ),
    "body": (
        "<h2>لماذا هذا الأرشيف</h2>"
        "<p>وثّقت الشبكة السورية لحقوق الإنسان 222 هجوماً كيميائياً في سوريا بين 23 كانون الأول/ديسمبر 2012 "
        "و30 تشرين الثاني/نوفمبر 2022، قُتل فيها 1,510 أشخاص على الأقل، بينهم 205 أطفال و260 امرأة، "
        "وأُصيب نحو 12,000 آخرين. ووقع 184 هجوماً منها بعد انضمام سوريا إلى اتفاقية الأسلحة الكيميائية "
        "عام 2013.</p>"
        "<p>لكل ضحية صفحة تربطها بالهجوم الذي أودى بحياتها وبالمصادر التي وثّقته. ولكل هجوم سجلّ "
        "بتاريخه ومكانه والمادة المستخدمة فيه وحصيلته كما نشرتها كل جهة، ونتائج تحقيقات منظمة حظر "
        "الأسلحة الكيميائية والأمم المتحدة بكلماتها.</p>"
        "<h2>كيف نحمي العائلات والشهود</h2>"
        "<p>تختار العائلة كيف يظهر اسم فقيدها: كاملاً، أو بالأحرف الأولى، أو دون اسم. لا يُنشر شيء "
        "تُرسله العائلات قبل أن يراجعه مشرف، ولا تظهر المعلومات الخاصة على أي صفحة عامة.</p>"
        "<p>المصدر: الشبكة السورية لحقوق الإنسان، تقرير 30 تشرين الثاني/نوفمبر 2022 بمناسبة يوم إحياء "
        "ذكرى جميع ضحايا الحرب الكيميائية.</p>"
    ),
}

ENGLISH = {
    "title": "Remembering the victims of chemical attacks in Syria",
    # Wagtail's own convention for a translated root: the language code is appended to the slug.
    "slug": "home-en",
    "introduction": (
        "An archive that keeps the names and stories of the people killed by chemical weapons in Syria, "
        "and documents every attack with its sources, so that no one is forgotten and the truth is not erased."
    ),
    "body": (
        "<h2>Why this archive exists</h2>"
        "<p>The Syrian Network for Human Rights documented 222 chemical attacks in Syria between "
        "23 December 2012 and 30 November 2022. At least 1,510 people were killed, including 205 children "
        "and 260 women, and about 12,000 were injured. 184 of those attacks came after Syria joined the "
        "Chemical Weapons Convention in 2013.</p>"
        "<p>Each victim has a page that ties them to the attack that killed them and to the sources that "
        "recorded it. Each attack has a record of its date, place, agent and toll as each source reported "
        "it, and the findings of the OPCW and the United Nations in their own words.</p>"
        "<h2>How families and witnesses are protected</h2>"
        "<p>A family chooses how the person they lost is named: in full, by initials, or not at all. "
        "Nothing a family sends is published before a moderator has reviewed it, and private details "
        "never appear on any public page.</p>"
        "<p>Source: Syrian Network for Human Rights, report of 30 November 2022 for the Day of Remembrance "
        "for all Victims of Chemical Warfare.</p>"
    ),
}


def create_home_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    # Wagtail's own data migration created a welcome page of the plain Page type.
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    Site.objects.all().delete()

    arabic, _ = Locale.objects.get_or_create(language_code="ar")
    english, _ = Locale.objects.get_or_create(language_code="en")
    Page.objects.filter(depth=1).update(locale=arabic)

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    translation_key = uuid.uuid4()
    pages = []
    for position, (locale, content) in enumerate([(arabic, ARABIC), (english, ENGLISH)], start=1):
        pages.append(
            HomePage.objects.create(
                **content,
                draft_title=content["title"],
                content_type=home_type,
                locale=locale,
                translation_key=translation_key,
                path=f"0001{position:04d}",
                depth=2,
                numchild=0,
                url_path=f"/{content['slug']}/",
                live=True,
            )
        )
    Page.objects.filter(depth=1).update(numchild=len(pages))
    Site.objects.create(hostname="localhost", port=80, root_page=pages[0], is_default_site=True)


def remove_home_pages(apps, schema_editor):
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_pages, remove_home_pages)]
