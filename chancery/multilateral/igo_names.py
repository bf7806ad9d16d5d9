"""Organisation names from the COW IGO list as their organisations spell them: no acronym written
twice, no name cut mid-word, no character mis-decoded.

COW's `longorgname` has three kinds of flaw (v3: 218 of its 534 names have at least one):
- **Acronym written twice.** Many names end in the acronym ("African Union (AU)") that Chancery
  keeps in its own field and shows after the name; a parenthesised acronym that is the
  organisation's `ioname` (or begins it, or begins with it: "(ACP Group)", "(IsDB)") is dropped.
- **Cut.** The field was cut at 80 characters ("...International Organization fo"), or leaves a
  parenthesis open. `igo_name_corrections.csv` (beside the data, with the reason for each row)
  gives the whole name; where the cut part was a second name Chancery cannot be sure of, or a
  coder's note, it is dropped instead of guessed.
- **Mis-decoded.** Accented letters were written in Mac Roman and read as Latin-1 (U+008E for é):
  these are decoded again by rule. Elsewhere the letter was lost ("Union conomique et
  mon taire"); the correction table restores those names, found by reading every name.

The table applies only to a name exactly as COW spells it, so a newer COW release passes through
unchanged. Organisations already stored are not renamed by an import (it finds them by acronym).
"""

import csv
import functools
import re
from pathlib import Path

CORRECTIONS_FILE = Path(__file__).parent / "data" / "igo_name_corrections.csv"
# the width at which COW's longorgname was cut (a trailing space stripped leaves 79)
CUT_WIDTHS = (79, 80)
MAC_ROMAN_READ_AS_LATIN_1 = re.compile("[\x80-\x9f]|(?<=[a-z])\u00ca")
MIS_DECODED = re.compile("[\x80-\x9f\ufffd\u00a0]|(?<=[a-z])\u00ca|\u00c3[\u0080-\u00bf]")
# words a letter fell out of in the source (found by reading all 534 names of v3)
LOST_LETTERS = re.compile(
    r"\b(?:Andrs|Cinematogrficas|Communaut|Comit|Confrence|cientfica|conomique|dveloppement|"
    r"europen|integraci n|marchs|mditerrane|mon taire|montaire|Ple|Rserve)\b"
)
PARENTHESISED = re.compile(r"\s*\(([^()]*)\)")


@functools.cache
def corrections() -> dict:
    """The correction table: (ioname, name as COW spells it) -> the organisation's name."""
    with CORRECTIONS_FILE.open(encoding="utf-8", newline="") as table:
        return {(row["ioname"], row["cow_name"]): row["name"] for row in csv.DictReader(table)}


def _decoded(name: str) -> str:
    """`name` with the Mac Roman characters that were read as Latin-1 decoded again."""
    if not MAC_ROMAN_READ_AS_LATIN_1.search(name):
        return name
    try:
        return name.encode("latin-1").decode("mac_roman")
    except UnicodeError:
        return name


def _is_the_acronym(group: str, ioname: str) -> bool:
    """Whether a parenthesised `group` is the organisation's acronym written again."""
    first = re.split(r"[\s\-]", group.strip(), maxsplit=1)[0]
    if sum(ch.isupper() for ch in first) < 2:
        return False  # a name such as "(Colombo Plan)", not an acronym
    a, b = first.casefold(), ioname.casefold()
    return a.startswith(b) or b.startswith(a)


def _without_acronym(name: str, ioname: str) -> str:
    return PARENTHESISED.sub(
        lambda m: "" if _is_the_acronym(m.group(1), ioname) else m.group(0), name
    )


def clean_name(ioname: str, name: str) -> str:
    """The organisation's name from COW's `longorgname`, its flaws mended (see the module)."""
    name = " ".join(_decoded(name).replace("\u00a0", " ").split())
    name = corrections().get((ioname, name), name)
    name = _without_acronym(name, ioname)
    return re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", " ".join(name.split())))


def defects(ioname: str, name: str) -> list[str]:
    """What is wrong with a name as Chancery would show it (name, then acronym): a list of
    "acronym twice", "cut", "mis-decoded"; empty for a clean name."""
    found = []
    groups = [m.group(1) for m in PARENTHESISED.finditer(name)]
    if any(_is_the_acronym(group, ioname) for group in groups):
        found.append("acronym twice")
    if len(name) in CUT_WIDTHS or name.count("(") != name.count(")"):
        found.append("cut")
    if MIS_DECODED.search(name) or LOST_LETTERS.search(name):
        found.append("mis-decoded")
    return found
