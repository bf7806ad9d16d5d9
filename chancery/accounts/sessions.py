"""Sessions that end after `SESSION_COOKIE_AGE` without a request, each request pushing the end
back, written at most once a minute.

Django's `SESSION_SAVE_EVERY_REQUEST` writes the session on every request: on SQLite every page
view then took the database's write lock, and everywhere it cost a transaction per page. Here a
request that changes nothing in the session writes it only once the end it would push back has
moved by `REFRESH`: the session ends between 29 and 30 minutes after the last request."""

from datetime import timedelta

from django.contrib.sessions.backends import db
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import timezone

REFRESH = timedelta(minutes=1)


class SessionStore(db.SessionStore):
    """Django's database sessions, remembering when the stored session ends."""

    stored_until = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self.stored_until = None if session is None else session.expire_date
        return session

    def save(self, must_create=False):
        super().save(must_create)
        self.stored_until = self.get_expiry_date()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, marking a session read by the request as changed when its
    stored end is more than `REFRESH` short of the end a write now would give it."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and session.accessed and not session.modified:
            until = getattr(session, "stored_until", None)
            due = timezone.now() + timedelta(seconds=session.get_expiry_age()) - REFRESH
            if not session.is_empty() and (until is None or until < due):
                session.modified = True
        return super().process_response(request, response)
