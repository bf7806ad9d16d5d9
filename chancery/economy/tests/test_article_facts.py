"""Every energy, transport and aid fact the article states is in the data set, citing the article
and linked to its priority: the Southern Gas Corridor (initiated by Azerbaijan, its seven members,
its components Shah Deniz-2, TANAP and TAP), the North-South and East-West transport corridors,
the Qazvin-Rasht-Astara railway as part of the North-South corridor, the trans-Caspian
international route, the Baku-Tbilisi-Kars railway, and AIDA and the Heydar Aliyev Foundation as
the channels of Azerbaijan's development aid. The article gives no date, capacity, length or aid
amount for any of them, so none is recorded."""

from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Q

from chancery.economy.models import (
    AidProject,
    Corridor,
    CorridorState,
    Milestone,
    Project,
    ProjectPartner,
)
from chancery.reference.models import Organization

ENERGY_AND_TRANSPORT = "energy-and-transport"
SGC = "Southern Gas Corridor"
QRA = "Qazvin-Rasht-Astara (Iran)-Astara (Azerbaijan) railway"
BTK = "Baku-Tbilisi-Kars railway"
TRANS_CASPIAN = "Trans-Caspian international route"
SGC_MEMBERS = {"AZ", "GE", "TR", "BG", "GR", "AL", "IT"}  # in the article's order


def article_title():
    """The title of the document the data set calls `article`."""
    data = yaml.safe_load((Path(settings.BASE_DIR) / "data" / "article.yaml").read_text("utf-8"))
    return next(d["title"] for d in data["documents"] if d.get("key") == "article")


ARTICLE = article_title()


def cites_the_article(record, priority=ENERGY_AND_TRANSPORT):
    return (
        record.sources.filter(title=ARTICLE).exists()
        and record.priorities.filter(code=priority).exists()
    )


def all_cite(model):
    records = list(model.objects.all())
    return bool(records) and all(cites_the_article(r) for r in records)


def aid_agencies():
    return Organization.objects.filter(Q(acronym="AIDA") | Q(name="Heydar Aliyev Foundation"))


def project(name):
    return Project.objects.filter(name=name).first()


def corridor(name):
    return Corridor.objects.filter(name=name).first()


def partners(name, role):
    return set(project(name).partners.filter(role=role).values_list("state__alpha_2", flat=True))


def projects_of(name):
    return {p.name for p in corridor(name).projects.all()}


FACTS = {
    # "Azerbaijan is the initiator of a major energy project called the Southern Gas Corridor"
    "the Southern Gas Corridor is an energy project": lambda: project(SGC).kind == "energy",
    "Azerbaijan initiated the Southern Gas Corridor": lambda: partners(SGC, "initiator") == {"AZ"},
    # "Members of the Southern Gas Corridor project are Azerbaijan, Georgia, Turkey, Bulgaria,
    # Greece, Albania and Italy"
    "the seven members of the Southern Gas Corridor": lambda: (
        partners(SGC, "member") == SGC_MEMBERS
    ),
    # "Shah Deniz-2, TANAP and TAP projects, which are important components of the SGC"
    "Shah Deniz-2, TANAP and TAP are the components of the Southern Gas Corridor": lambda: (
        {p.name for p in project(SGC).components.all()} == {"Shah Deniz-2", "TANAP", "TAP"}
    ),
    "the components are energy projects in implementation (2016)": lambda: all(
        (project(n).kind, project(n).status) == ("energy", "under_construction")
        for n in ("Shah Deniz-2", "TANAP", "TAP")
    ),
    "the Southern Gas Corridor is an energy corridor of those projects": lambda: (
        corridor(SGC).kind == "energy" and projects_of(SGC) == {SGC, "Shah Deniz-2", "TANAP", "TAP"}
    ),
    # "We are actively participating in the implementation of the North-South and East-West
    # transport corridors"
    "the North-South transport corridor": lambda: (
        corridor("North-South transport corridor").kind == "transport"
    ),
    "the East-West transport corridor": lambda: (
        corridor("East-West transport corridor").kind == "transport"
    ),
    # "the Qazvin-Rasht-Astara (Iran)-Astara (Azerbaijan) railway project, which is an integral
    # part of the North-South transport corridor"
    "the Qazvin-Rasht-Astara railway is a transport project": lambda: (
        project(QRA).kind == "transport"
    ),
    "the Qazvin-Rasht-Astara railway is part of the North-South corridor": lambda: (
        projects_of("North-South transport corridor") == {QRA}
    ),
    "the Qazvin-Rasht-Astara railway runs in Iran and Azerbaijan": lambda: (
        partners(QRA, "host") == {"IR", "AZ"}
    ),
    "its completion is awaited (not reached in 2016)": lambda: Milestone.objects.filter(
        project__name=QRA, title="Completion", status="planned", actual=None
    ).exists(),
    # "the creation and commissioning of the trans-Caspian international route and the
    # construction of the Baku-Tbilisi-Kars railway are important projects"
    "the trans-Caspian international route is a transport project": lambda: (
        project(TRANS_CASPIAN).kind == "transport"
    ),
    "the trans-Caspian route serves the Caspian priority too": lambda: cites_the_article(
        project(TRANS_CASPIAN), "caspian"
    ),
    "the Baku-Tbilisi-Kars railway is a transport project under construction": lambda: (
        (
            project(BTK).kind,
            project(BTK).status,
        )
        == ("transport", "under_construction")
    ),
    "the Silk Road Economic Belt would make it a most important project": lambda: (
        "Silk Road" in project(BTK).description
    ),
    # "Azerbaijan plays a role in international development efforts through the Heydar Aliyev
    # Foundation and the Azerbaijan International Development Agency (AIDA)"
    "AIDA, the Azerbaijan International Development Agency": lambda: Organization.objects.filter(
        acronym="AIDA", name="Azerbaijan International Development Agency", kind="national_agency"
    ).exists(),
    "the Heydar Aliyev Foundation": lambda: Organization.objects.filter(
        name="Heydar Aliyev Foundation", kind="foundation"
    ).exists(),
    "every project cites the article and serves its priority": lambda: all_cite(Project),
    "every corridor cites the article and serves its priority": lambda: all_cite(Corridor),
    "every partner cites the article and serves its priority": lambda: all_cite(ProjectPartner),
    "every milestone cites the article and serves its priority": lambda: all_cite(Milestone),
    "the aid agencies cite the article": lambda: (
        [o.sources.filter(title=ARTICLE).exists() for o in aid_agencies()] == [True, True]
    ),
}


def test_every_fact_of_the_article_is_in_the_data_set(article_read):
    missing = []
    for fact, holds in FACTS.items():
        try:
            if not holds():
                missing.append(fact)
        except AttributeError:  # a record the fact needs is not there at all
            missing.append(fact)

    assert missing == []


def test_nothing_the_article_does_not_state_is_recorded(article_read):
    """No dates, capacities or lengths (the article gives none), no states on a corridor in an
    order the article does not give, and no aid project (the article names no recipient, sector
    or amount)."""
    figures = Project.objects.exclude(capacity_value=None, length_value=None, start=None, end=None)
    dated = Milestone.objects.exclude(planned=None, actual=None)

    assert list(figures) == []
    assert list(dated) == []
    assert not CorridorState.objects.filter(sources__title=ARTICLE).exists()
    assert not AidProject.objects.filter(sources__title=ARTICLE).exists()
    assert Project.objects.filter(status="").count() == 3  # SGC, QRA, trans-Caspian: not stated
