"""Organisation names from the COW IGO list are clean: on the whole real list (534 names, 218
with a flaw as COW spells them) none keeps an acronym written twice, a cut or a mis-decoded
character; an import names new organisations so and leaves stored ones as they are."""

import csv
from pathlib import Path

from chancery.core.models import SYSTEM
from chancery.multilateral.igo import import_cow_igo
from chancery.multilateral.igo_names import clean_name, corrections, defects
from chancery.reference.models import Country, Organization

# a copy of /work/shared/data/real/cow_igo_v3_igos.csv (provenance in data/README.md)
IGOS = Path(__file__).resolve().parent.parent / "data" / "cow_igo_v3_igos.csv"


def test_no_name_of_the_real_list_keeps_a_flaw_after_cleaning():
    with IGOS.open(encoding="utf-8", newline="") as f:
        rows = [(row["ioname"], row["longorgname"]) for row in csv.DictReader(f)]
    cleaned = {ioname: clean_name(ioname, name) for ioname, name in rows}

    assert len(rows) == 534
    assert sum(1 for ioname, name in rows if defects(ioname, name)) == 218
    assert {
        ioname: defects(ioname, name) for ioname, name in cleaned.items() if defects(ioname, name)
    } == {}
    used = {(ioname, " ".join(name.split())) for ioname, name in rows}
    assert all(key in used or key[0] == "CONFEJES" for key in corrections())  # each row applies
    assert [cleaned[code] for code in ("AU", "CEMAC", "IOMig", "COLOMBO", "IRENA", "NVC")] == [
        "African Union",
        "Communauté économique et monétaire d'Afrique centrale",
        "Intergovernmental Committee for European Migration/"
        "International Organization for Migration",
        "Council for Technical Cooperation in South and Southeast Asia (Colombo Plan)",
        "International Renewable Energy Agency",
        "Nordic Centre for Welfare and Social Issues (Nordens Välfärdscenter)",
    ]


def test_an_import_names_new_organisations_cleanly_and_renames_no_stored_one(db):
    Country.objects.create(
        alpha_2="AZ", alpha_3="AZE", numeric="031", name="Azerbaijan", cow_code=373
    )
    stored = Organization.objects.create(
        acronym="OIC", name="Organization of the Islamic Conference (OIC)", kind="regional"
    )
    spells = (
        "ccode,state,ioname,status,first_year,last_year,status_label\n"
        "373,Azerbaijan,ECO,1,1992,2014,Full Membership\n"
        "373,Azerbaijan,OIC,1,1992,2014,Full Membership\n"
    )

    import_cow_igo(
        spells, SYSTEM, igos_text=IGOS.read_text(encoding="utf-8"), create_organizations=True
    )

    assert Organization.objects.get(acronym="ECO").name == "Economic Cooperation Organization"
    stored.refresh_from_db()
    assert stored.name == "Organization of the Islamic Conference (OIC)"
