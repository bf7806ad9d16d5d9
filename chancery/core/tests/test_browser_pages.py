"""In a real Chromium, every page type: each registered type's list, record, add and edit pages,
and the pages of its own each area has, at 1366 px and at 390 px. Nothing is wider than the
window, axe-core finds no violation, and the browser logs no error and no CSP violation."""

from pathlib import Path

import pytest
from django.urls import reverse

from chancery.core.registry import page_url, registry
from chancery.core.tests.factories import pages_of_each_type

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
WIDTHS = (1366, 390)
TYPES_PER_TEST = 3
# the site's own pages that take no record (the areas' menus name the rest)
SITE_PAGES = ("home", "search", "history", "reference:world_map", "bilateral:dossier_choose")
# the first element that reaches past the window's right edge outside a box that scrolls
WIDEST = """(width) => {
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right <= width + 1) continue;
    let box = el.parentElement;
    while (box && !['auto', 'scroll', 'hidden'].includes(getComputedStyle(box).overflowX)) {
      box = box.parentElement;
    }
    if (!box) return el.outerHTML.slice(0, 160);
  }
  // placed out of its box (absolutely): the element without which the page fits
  let culprit = '';
  for (const el of document.querySelectorAll('body *')) {
    const shown = el.style.display;
    el.style.display = 'none';
    if (document.documentElement.scrollWidth <= width) culprit = el.outerHTML.slice(0, 160);
    el.style.display = shown;
  }
  return culprit;
}"""
# the contrast rule (most of axe's time) runs at the first width only: colours do not change
# with the width
RUN_AXE = """(first) => axe.run(document, {
  resultTypes: ['violations'], rules: {'color-contrast': {enabled: first}}
}).then(r => r.violations.map(v => v.id + ' at ' + v.nodes[0].target.join(' ')))"""


def faults_of(page, live_server, path, opened=False):
    """What is wrong with the page at `path`, at each width (with every <details> open, if
    `opened`)."""
    response = page.goto(f"{live_server.url}{path}")
    # what a page asks for once loaded (the map) has come
    # (a selector, not a function: the CSP forbids what `wait_for_function` evaluates)
    page.locator(".htmx-request, [hx-trigger=load]").first.wait_for(state="detached")
    if opened:
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    found = [] if response.ok else [f"{path}: {response.status}"]
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        # the page's own answer to the new width (its resize handler) comes with the next frame
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            culprit = page.evaluate(WIDEST, width)
            found.append(f"{path} at {width} px: {wide} px wide, by {culprit}")
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE)
        found += [f"{path} at {width} px: {v}" for v in page.evaluate(RUN_AXE, width == WIDTHS[0])]
    return found


# the record types in groups of a few, so that each test takes a few seconds
LABELS = sorted(rt.model._meta.label_lower for rt in registry if rt.app_label != "testapp")
GROUPS = [LABELS[i : i + TYPES_PER_TEST] for i in range(0, len(LABELS), TYPES_PER_TEST)]


@pytest.mark.parametrize("labels", GROUPS, ids=lambda labels: f"{labels[0]}..{labels[-1]}")
def test_every_page_of_each_record_type_fits_and_passes_axe(labels, admin_page, live_server):
    paths = pages_of_each_type(admin_page.user, labels)
    problems = [fault for path in paths for fault in faults_of(admin_page, live_server, path)]

    assert problems == [], "\n".join(problems)
    assert admin_page.console_errors == [] and admin_page.violations == []


def test_every_page_of_its_own_fits_and_passes_axe(home_state, admin_page, live_server):
    from chancery.bilateral.models import Engagement
    from chancery.core.context_processors import _areas

    # something for the time line of engagements to draw
    Engagement.objects.create(
        title="Talks", kind="meeting", direction="outgoing", start="2016-05-01", end="2016-05-03"
    ).countries.add(home_state)

    own = [page["url"] for area in _areas(admin_page.user) for page in area["pages"]]
    paths = [page_url(name) for name in SITE_PAGES] + own
    problems = [fault for path in paths for fault in faults_of(admin_page, live_server, path)]

    assert problems == [], "\n".join(problems)
    assert admin_page.console_errors == [] and admin_page.violations == []


def test_the_pages_with_charts_fit_and_pass_axe_with_their_figures_open(
    home_state, admin_page, live_server
):
    """Each page with a chart of issue 16, with something to draw and the chart's table open."""
    import datetime

    from chancery.bilateral.models import Agreement, AgreementParty
    from chancery.conflict.models import Incident, IncidentCasualty, IncidentDamage
    from chancery.economy.models import AidProject
    from chancery.multilateral.models import Ballot, Candidacy, Organ, Pledge
    from chancery.reference.models import Country, Organization

    day = datetime.date(2015, 6, 1)
    other = Country.objects.create(alpha_2="GE", alpha_3="GEO", numeric="268", name="Georgia")
    agreement = Agreement.objects.create(
        title="Convention", kind="convention", scope="multilateral", entry_into_force=day
    )
    AgreementParty.objects.create(agreement=agreement, state=home_state, ratification=day)
    un = Organization.objects.create(name="United Nations", acronym="UN", kind="universal")
    organ = Organ.objects.create(organization=un, name="Council", acronym="C", kind="council")
    candidacy = Candidacy.objects.create(
        state=home_state, organ=organ, seat="A seat", election_date=day, majority_needed=2
    )
    Pledge.objects.create(candidacy=candidacy, state=other, status="confirmed")
    Ballot.objects.create(candidacy=candidacy, round=1, votes_received=3, votes_cast=4)
    incident = Incident.objects.create(
        title="Shelling", kind="shelling", occurred_on=day, place="Along the line of contact"
    )
    IncidentCasualty.objects.create(
        incident=incident, category="civilian", outcome="killed", among="all", count=2
    )
    IncidentDamage.objects.create(
        incident=incident, object_type="homes", extent="destroyed", count=3
    )
    AidProject.objects.create(
        title="Clinic",
        agency=un,
        recipient=other,
        sector="health",
        amount=1_250_000,
        currency="USD",
        start=day,
        status="ongoing",
    )
    paths = [
        f"{reverse('bilateral:treaty_status')}?state={home_state.pk}",
        candidacy.get_absolute_url(),
        reverse("conflict:incident_report"),
        reverse("economy:aid_report"),
    ]
    problems = []
    for path in paths:
        problems += faults_of(admin_page, live_server, path, opened=True)
        assert admin_page.locator("figure.stacked-bar-chart table").first.is_visible(), path

    assert problems == [], "\n".join(problems)
    assert admin_page.console_errors == [] and admin_page.violations == []
