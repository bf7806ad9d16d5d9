"""The data set loader refuses a bad file with a message naming each bad entry, writing nothing at
all (on a database holding only the home state). The article's data set: test_dataset.py."""

import io

import pytest
from django.core.management import CommandError, call_command

from chancery.core.dataset import DatasetError, load_dataset
from chancery.core.tests.test_dataset import stored, write
from chancery.multilateral.models import Membership
from chancery.reference.models import Organization
from chancery.strategy.models import Priority

# bad entries --------------------------------------------------------------------------------------
GOOD_ORGANIZATION = """\
organizations:
  - name: Good Organisation
    acronym: GOOD
    kind: regional
"""

BAD_FILES = {
    "an unknown organisation reference": (
        GOOD_ORGANIZATION
        + """\
memberships:
  - state: AZ
    organization: NOSUCH
    status: member
""",
        ["memberships[0]", "organization", "NOSUCH"],
    ),
    "an unknown field": (
        """\
organizations:
  - name: Colourful Organisation
    kind: regional
    colour: blue
""",
        ["organizations[0]", "Colourful Organisation", "colour"],
    ),
    "a malformed date": (
        """\
organizations:
  - name: Dateless Organisation
    kind: regional
    founded: the sixties
""",
        ["organizations[0]", "Dateless Organisation", "founded", "the sixties"],
    ),
    "a date that does not exist, quoted": (
        """\
organizations:
  - name: Leap Organisation
    kind: regional
    founded: "2011-02-30"
""",
        ["organizations[0]", "Leap Organisation", "founded", "2011-02-30"],
    ),
    "a date that does not exist, unquoted": (
        """\
organizations:
  - name: Leap Organisation
    kind: regional
    founded: 2011-02-30
""",
        ["organizations[0]", "Leap Organisation", "founded", "2011-02-30"],
    ),
    "an end before the start": (
        GOOD_ORGANIZATION
        + """\
memberships:
  - state: AZ
    organization: GOOD
    status: member
    since: 2012
    until: 2010
""",
        ["memberships[0]", "until"],
    ),
    "an unknown section": (
        GOOD_ORGANIZATION
        + """\
embassies:
  - name: Embassy in Nowhere
""",
        ["unknown section", "embassies"],
    ),
    "an entry that is not a mapping": (
        """\
organizations:
  - Just a name
""",
        ["organizations[0]", "mapping"],
    ),
    "an invalid choice": (
        """\
organizations:
  - name: Imperial Organisation
    kind: empire
""",
        ["organizations[0]", "Imperial Organisation", "kind", "empire"],
    ),
    "a missing required field": (
        """\
organizations:
  - name: Kindless Organisation
""",
        ["organizations[0]", "Kindless Organisation", "kind", "required"],
    ),
    "an unknown priority": (
        """\
organizations:
  - name: Aimless Organisation
    kind: regional
    priorities: [world-domination]
""",
        ["organizations[0]", "Aimless Organisation", "priorities", "world-domination"],
    ),
    "a text file that does not exist": (
        """\
documents:
  - title: A lost speech
    kind: speech
    language: en
    text_from_file: no-such-file.txt
""",
        ["documents[0]", "A lost speech", "text", "no-such-file.txt"],
    ),
}


def the_error(errors, fragments):
    """The message among `errors` that names every one of `fragments`."""
    matching = [e for e in errors if all(f in e for f in fragments)]
    assert matching, f"no error names {fragments}: {errors}"
    return matching[0]


@pytest.mark.parametrize(("content", "fragments"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_a_bad_entry_is_rejected_with_a_message_naming_it(home_state, tmp_path, content, fragments):
    path = write(tmp_path, content)

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    message = the_error(rejected.value.errors, fragments)
    assert message.startswith("bad.yaml: ")


@pytest.mark.parametrize(("content", "fragments"), list(BAD_FILES.values()), ids=list(BAD_FILES))
def test_a_bad_entry_writes_nothing(home_state, tmp_path, content, fragments):
    path = write(tmp_path, content)
    before = stored()

    with pytest.raises(DatasetError):
        load_dataset([path])

    assert stored() == before
    assert not Organization.objects.exists()


def test_a_file_that_is_not_a_mapping_is_rejected(home_state, tmp_path):
    path = write(tmp_path, "- name: Listed Organisation\n  kind: regional\n")

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    the_error(rejected.value.errors, ["bad.yaml", "mapping"])
    assert not Organization.objects.exists()


MIXED = """\
priorities:
  - code: mixed
    order: 1
    short_title: Mixed
    title: A priority from a mixed file
organizations:
  - name: First Good Organisation
    acronym: FGO
    kind: regional
    priorities: [mixed]
  - name: Bad Organisation
    kind: empire
  - name: Second Good Organisation
    kind: universal
    founded: 1990
memberships:
  - state: AZ
    organization: FGO
    status: member
    since: 1999
  - state: AZ
    organization: NOSUCH
    status: observer
"""


def test_a_file_mixing_good_and_bad_entries_leaves_the_database_untouched(home_state, tmp_path):
    path = write(tmp_path, MIXED)
    before = stored()

    with pytest.raises(DatasetError):
        load_dataset([path])

    assert stored() == before
    assert not Priority.objects.exists()
    assert not Organization.objects.exists()
    assert not Membership.objects.exists()


def test_every_bad_entry_of_a_file_is_reported_not_only_the_first(home_state, tmp_path):
    path = write(tmp_path, MIXED)

    with pytest.raises(DatasetError) as rejected:
        load_dataset([path])

    errors = rejected.value.errors
    the_error(errors, ["organizations[1]", "Bad Organisation", "kind"])
    the_error(errors, ["memberships[1]", "organization", "NOSUCH"])
    assert len(errors) == 2


def test_the_command_exits_with_an_error_listing_every_bad_entry(home_state, tmp_path):
    path = write(tmp_path, MIXED)

    with pytest.raises(CommandError) as failed:
        call_command("load-dataset", str(path), stdout=io.StringIO())

    message = str(failed.value)
    assert "nothing was written" in message
    assert "organizations[1] (Bad Organisation): kind" in message
    assert "memberships[1]: organization: unknown organization 'NOSUCH'" in message
    assert not Organization.objects.exists()
