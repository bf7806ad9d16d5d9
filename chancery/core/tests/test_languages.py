"""Every page type in Azerbaijani and in Russian leaves no English interface string: each
registered type's list, record, add and edit pages and the pages of their own the areas have, as
the administrator (who may open them all).

What is English on such a page may be data (the records are written in English): a text is taken
for an interface string left in English when, with every part of it that is (a piece of) a value
the database holds taken out, it still has a word of the interface's English (a word of a
catalogue's message that the language's translations never use). Text marked as in another
language (`lang`, as the language menu's names are) is that language's."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import CharField, TextField
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chancery.core.context_processors import _areas
from chancery.core.models import Classification
from chancery.core.registry import page_url, registry
from chancery.core.tests.factories import pages_of_each_type
from chancery.economy.models.aid import currency_choices

pytestmark = pytest.mark.page_words

LANGUAGES = ("az", "ru")
SITE_PAGES = ("home", "history", "reference:world_map", "bilateral:dossier_choose")
TYPES_PER_TEST = 7
WORD = re.compile(r"[A-Za-z]{3,}")
# the parts of a text that show values side by side: "label: old → new", "title · state (kind)"
SEPARATORS = re.compile(r" · | → |: | — |[()\[\],;]")
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "col", "wbr", "area", "base"}
NOT_TEXT = {"script", "style", "code", "pre", "svg", "template"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-placeholder", "data-none")


def english_words(language):
    """The words of the interface's English that the language's translations never use."""
    catalogue = polib.pofile(
        Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    )
    english, kept = set(), set()
    for entry in catalogue:
        english.update(WORD.findall(f"{entry.msgid} {entry.msgid_plural}".casefold()))
        translated = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        kept.update(WORD.findall(translated.casefold()))
    return english - kept


class _Texts(HTMLParser):
    """The texts a reader meets on a page (its text and the attributes read out), but those
    marked as in another language."""

    def __init__(self, language):
        super().__init__()
        self.language, self.texts, self.skipping = language, [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        foreign = attributes.get("lang") not in (None, self.language)
        skip = bool(self.skipping and self.skipping[-1]) or foreign or tag in NOT_TEXT
        if tag not in VOID:
            self.skipping.append(skip)
        if not skip:
            self.texts += [attributes[name] for name in ATTRIBUTES if attributes.get(name)]

    def handle_endtag(self, tag):
        if tag not in VOID and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if data.strip() and not (self.skipping and self.skipping[-1]):
            self.texts.append(" ".join(data.split()))


def data_values(language):
    """Every text the records hold (decrypted, as pages show them), the names of the currencies
    ISO has in English only, and the test app's own menu, which exists only in tests."""
    with translation.override(language):
        values = [str(label) for _code, label in currency_choices()]
    values.append(str(apps.get_app_config("testapp").verbose_name))
    for model in apps.get_models():
        names = [
            f.name for f in model._meta.concrete_fields if isinstance(f, CharField | TextField)
        ]
        if names and model._meta.app_label not in ("auth", "contenttypes", "auditlog"):
            for row in model._base_manager.values_list(*names):
                values += [value for value in row if value]
    return values


class Data:
    """Data values, found in a text by their first word."""

    def __init__(self, values):
        self.by_first_word = {}
        for value in {v.casefold() for v in values}:
            words = WORD.findall(value)
            if words:
                self.by_first_word.setdefault(words[0], []).append(value)

    def candidates(self, text):
        return [v for w in set(WORD.findall(text)) for v in self.by_first_word.get(w, ())]

    def without(self, text):
        """`text` (casefolded) with every value in it, and a value cut short ("Summit of…"),
        taken out."""
        text = text.casefold()
        for value in sorted(self.candidates(text), key=len, reverse=True):
            text = text.replace(value, " ")
        parts = []
        for part in SEPARATORS.split(text):
            cut = part.strip().removesuffix("…").strip()
            if part.strip().endswith("…") and any(v.startswith(cut) for v in self.candidates(cut)):
                continue
            parts.append(part)
        return " ".join(parts)


def english_left(html, language, words, data):
    """The texts of `html` that still hold an English interface word once data is taken out."""
    parser = _Texts(language)
    parser.feed(html)
    return [
        text for text in parser.texts if any(w in words for w in WORD.findall(data.without(text)))
    ]


def test_the_check_finds_an_english_string_and_leaves_data_and_other_languages():
    words = english_words("az")
    data = Data(["Summit of the Non-Aligned Movement", "engagement 3"])
    html = (
        '<html lang="az"><title>Təmaslar · Chancery</title><body>'
        "<p>No records match</p><p>Summit of the Non-Aligned Movement</p>"
        "<td>Ad: — → Summit of the Non-Aligned…</td><p>Redaktə et engagement 3 · Təmas</p>"
        '<a lang="en" title="English">English</a><script>var x = "the records";</script>'
        '<input placeholder="Search everything"></body></html>'
    )

    assert english_left(html, "az", words, data) == ["No records match", "Search everything"]


@pytest.fixture
def admin_client(make_user, home_state):
    admin = make_user("admin", Classification.SECRET, role="administrator")
    client = Client()
    client.force_login(admin)
    return admin, client


LABELS = sorted(rt.model._meta.label_lower for rt in registry if rt.app_label != "testapp")
GROUPS = [LABELS[i : i + TYPES_PER_TEST] for i in range(0, len(LABELS), TYPES_PER_TEST)]


def pages_left_in_english(client, paths, language):
    # as in a process that served the API's schema and English pages first: what keeps the
    # text it made first (a filter's form field, made on the class by the schema) holds it
    with translation.override("en"):
        for rt in registry:
            for filter_ in rt.filterset_class.base_filters.values():
                filter_.field  # noqa: B018
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    words, data = english_words(language), Data(data_values(language))
    found = []
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found += [
            f"{path}: {t}" for t in english_left(response.content.decode(), language, words, data)
        ]
    return found


# each group of types in one of the languages, by turns: a string left unmarked is English in
# both, and the catalogues' own test holds every marked one translated in both
@pytest.mark.parametrize(
    ("labels", "language"),
    [(labels, LANGUAGES[i % len(LANGUAGES)]) for i, labels in enumerate(GROUPS)],
    ids=lambda value: value if isinstance(value, str) else f"{value[0]}..{value[-1]}",
)
def test_every_page_of_each_record_type_is_in_the_language(labels, language, admin_client):
    admin, client = admin_client
    paths = pages_of_each_type(admin, labels)

    left = pages_left_in_english(client, paths, language)
    assert left == [], "\n".join(left)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_its_own_is_in_the_language(language, admin_client):
    admin, client = admin_client
    own = [page["url"] for area in _areas(admin) for page in area["pages"]]
    paths = [page_url(name) for name in SITE_PAGES] + own + [f"{page_url('search')}?q=x"]

    left = pages_left_in_english(client, paths, language)
    assert left == [], "\n".join(left)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_in_chromium_what_scripts_draw_is_in_the_language_too(
    language, home_state, admin_page, live_server
):
    """What the browser shows once its scripts ran (the type-to-find boxes, opened; the menus)
    on the home page and an add form, read from the page as drawn."""
    admin_page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
    words, data = english_words(language), Data(data_values(language))
    left = []
    for path in ("/", reverse("bilateral:engagement_add")):
        admin_page.goto(f"{live_server.url}{path}")
        admin_page.locator(".htmx-request, [hx-trigger=load]").first.wait_for(state="detached")
        for box in admin_page.locator(".ts-wrapper").all()[:2]:
            box.locator(".ts-control").click()
            box.locator(".ts-dropdown .option, .ts-dropdown .no-results").first.wait_for()
            admin_page.keyboard.press("Escape")
        left += [f"{path}: {t}" for t in english_left(admin_page.content(), language, words, data)]

    assert left == [], "\n".join(left)
    assert admin_page.console_errors == [] and admin_page.violations == []
