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
