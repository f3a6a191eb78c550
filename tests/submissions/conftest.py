import pytest

from memorial.privacy.publication import victims_published
from tests.factories import VictimFactory
from tests.submissions.moderation_support import make_moderator, make_new_record, moderator_client


@pytest.fixture(autouse=True)
def submissions_setup(settings, media):
    """Photos are stored under tmp_path; a form may be sent at once (the minimum fill time has its own test)."""
    settings.MEMORIAL_SUBMISSION_MIN_FILL_SECONDS = 0


@pytest.fixture
def victim(db):
    record = VictimFactory()
    victims_published([record])
    record.refresh_from_db()
    return record


@pytest.fixture
def moderator(django_user_model):
    return make_moderator(django_user_model, "moderator-one")


@pytest.fixture
def moderator_web(moderator):
    return moderator_client(moderator)


@pytest.fixture
def new_record(db):
    """Makes a new-record submission as the form stores it: `new_record("ليلى حسن العلي", "Layla Hasan al-Ali",
    content={...})` (see `moderation_support.make_new_record`)."""
    return make_new_record
