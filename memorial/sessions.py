"""Sessions that end `SESSION_COOKIE_AGE` after the last request, saved at most about once every
`SESSION_REFRESH_INTERVAL` (SESSION_ENGINE and the session middleware).

Django's SESSION_SAVE_EVERY_REQUEST moved the expiry forward on every request, at the cost of a database write and
commit for each signed-in request: 17 of the 20 ms a signed-in minimal page took on SQLite. Here a request saves the
session only when its stored expiry has fallen more than the interval behind where the request would put it, so an
idle session ends between `SESSION_COOKIE_AGE - SESSION_REFRESH_INTERVAL` and `SESSION_COOKIE_AGE` after the last
request: never later than the limit."""

import datetime

from django.conf import settings
from django.contrib.sessions import middleware
from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    stored_expiry = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        if session is not None:
            self.stored_expiry = session.expire_date
        return session

    def due_refresh(self):
        """Whether this request should save the session to move its expiry forward."""
        if self.stored_expiry is None:
            return False
        slack = datetime.timedelta(seconds=self.get_session_cookie_age() - settings.SESSION_REFRESH_INTERVAL)
        return self.stored_expiry - timezone.now() < slack


class SessionMiddleware(middleware.SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if isinstance(session, SessionStore) and session.due_refresh():
            session.modified = True
        return super().process_response(request, response)
