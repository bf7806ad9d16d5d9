"""In a real Chromium: log in, see the priorities, filter a list with htmx, no CSP violation."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_shows_the_ten_priorities(signed_in):
    cards = signed_in.locator(".priority-card")
    assert cards.count() == 10
    assert "Expanding multilateral diplomacy" in cards.nth(4).inner_text()
    assert signed_in.violations == []


def test_filtering_the_memberships_updates_the_table_in_place(signed_in, live_server):
    signed_in.goto(f"{live_server.url}/multilateral/memberships/")
    htmx_requests = []
    signed_in.on(
        "request",
        lambda request: (
            htmx_requests.append(request.url)
            if request.headers.get("hx-request") == "true"
            else None
        ),
    )
    assert signed_in.locator("table.records tbody tr").count() > 10
    signed_in.fill("#id_q", "Non-Aligned")
    signed_in.keyboard.press("Enter")
    expect(signed_in.locator("table.records tbody tr")).to_have_count(1)
    row = signed_in.locator("table.records tbody tr").first.inner_text()
    assert "Non-Aligned Movement" in row and "2011" in row
    assert "q=Non-Aligned" in signed_in.url
    assert any("q=Non-Aligned" in url for url in htmx_requests), "the table must update in place"
    assert signed_in.violations == []


def test_the_api_documentation_renders_every_endpoint_offline(signed_in, live_server):
    signed_in.goto(f"{live_server.url}/api/docs/")
    # Swagger UI virtualises long operation lists: the first tag is drawn, the rest on scroll.
    expect(signed_in.locator("#operations-tag-bilateral")).to_be_visible()
    schema = signed_in.request.get(f"{live_server.url}/api/schema/?format=json").json()
    for path in ("/api/multilateral/memberships/", "/api/consular/assistance-cases/"):
        assert path in schema["paths"]
    assert signed_in.violations == []


def test_the_top_bar_fits_every_width_and_slash_goes_to_the_search(signed_in, live_server):
    pages = ["/", "/bilateral/engagements/", "/bilateral/engagements/add/", "/nowhere/"]
    for width in (1280, 1366, 1600, 390):
        signed_in.set_viewport_size({"width": width, "height": 800})
        for path in pages:
            signed_in.goto(f"{live_server.url}{path}")
            wide = signed_in.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} is {wide} px wide at {width} px"
        menu = signed_in.locator("#user-menu")
        if width < 1200:
            expect(menu).to_be_hidden()
            signed_in.click(".navbar-toggler")
        expect(menu).to_be_visible()
        box = menu.bounding_box()
        assert box["x"] + box["width"] <= width, f"the user menu is outside at {width} px"
    signed_in.set_viewport_size({"width": 1366, "height": 800})
    signed_in.goto(f"{live_server.url}/bilateral/engagements/")
    signed_in.keyboard.press("/")
    assert signed_in.evaluate("document.activeElement.id") == "site-search"
    signed_in.keyboard.type("Georgia")
    signed_in.keyboard.press("Enter")
    signed_in.wait_for_url("**/search/?q=Georgia")
    assert signed_in.input_value("#site-search") == "Georgia"
    signed_in.click("#areas-menu")
    signed_in.click(".areas-menu >> text=Agreements")
    signed_in.wait_for_url("**/bilateral/agreements/")
    assert signed_in.violations == []


# every element a user acts on, as it is shown (in a closed menu, it is not: opening the menu shows
# it; a type-to-find select is acted on through the box that stands for it), numbered; each one the
# focus reaches is noted
NUMBER_THE_ACTIONS = """() => {
  const actions = 'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]),'
    + ' select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';
  const shown = [...document.querySelectorAll(actions)].filter((el) => el.getClientRects().length
    && el.checkVisibility({visibilityProperty: true}) && !el.matches('.ts-hidden-accessible'));
  shown.forEach((el, i) => { el.dataset.action = i; });
  window.reached = new Set();
  document.addEventListener('focusin', (event) => window.reached.add(event.target.dataset.action));
  return shown.length;
}"""
NOT_REACHED = """() => [...document.querySelectorAll('[data-action]')]
  .filter((el) => !window.reached.has(el.dataset.action))
  .map((el) => el.outerHTML.slice(0, 120))"""


def test_every_action_of_a_page_is_reached_by_the_keyboard(signed_in, live_server):
    from chancery.bilateral.models import Engagement

    engagement = Engagement.objects.order_by("pk").first()
    pages = [
        "/",
        "/bilateral/engagements/",
        engagement.get_absolute_url(),
        "/bilateral/engagements/add/",
        "/bilateral/dossier/GE/",
        "/bilateral/treaty-status/",
        "/search/?q=Georgia",
    ]
    signed_in.set_viewport_size({"width": 1366, "height": 800})
    missed = []
    for path in pages:
        signed_in.goto(f"{live_server.url}{path}")
        signed_in.locator(".htmx-request, [hx-trigger=load]").first.wait_for(state="detached")
        # (a date field stops the focus at its day, month and year)
        for _ in range(2 * signed_in.evaluate(NUMBER_THE_ACTIONS) + 10):
            signed_in.keyboard.press("Tab")
        missed += [f"{path}: {html}" for html in signed_in.evaluate(NOT_REACHED)]
    # the first stop skips to the content, and a menu opens from the keyboard
    signed_in.goto(f"{live_server.url}/bilateral/engagements/")
    signed_in.keyboard.press("Tab")
    assert signed_in.evaluate("document.activeElement.getAttribute('href')") == "#content"
    signed_in.focus("#areas-menu")
    signed_in.keyboard.press("Enter")
    expect(signed_in.locator(".areas-menu a").first).to_be_visible()

    assert missed == [], "\n".join(missed)
