"""The language of a page: chosen from the top bar, remembered in a cookie for the browser and
on the user for their next log-in anywhere; before any choice, the browser's own setting
(Django's LocaleMiddleware)."""

import gettext
from functools import cache

import pycountry
from django.conf import settings
from django.utils import translation


def remember_language(response, code):
    """The browser keeps `code` for the pages it asks next, whoever signs in or out."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@cache
def _iso_translation(domain, language):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def iso_name(domain: str, name: str) -> str:
    """An ISO standard's English `name` (`domain`: "iso3166-1", "iso4217") in the page's
    language, as pycountry's translations give it; the English where they give none."""
    return _iso_translation(domain, (translation.get_language() or "en")[:2]).gettext(name)


def users_language(user) -> str:
    """The language a user last chose ("" for none, or for no user)."""
    return getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""


class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they last chose, on any browser; the
    browser's cookie follows it, so the log-in page after they sign out reads the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = users_language(getattr(request, "user", None))
        if chosen and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if chosen and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != chosen:
            remember_language(response, chosen)
        return response
