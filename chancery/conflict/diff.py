"""The differences between two versions of a draft text, line by line (a paragraph is a line),
as rows a template shows with its own CSS classes: nothing here is HTML, so nothing is trusted."""

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Q

CONTEXT = 3  # unchanged lines shown around a change


@dataclass(frozen=True)
class Row:
    kind: str  # "same", "added", "removed" or "skipped"
    old: int | None = None  # line number in the earlier version
    new: int | None = None  # line number in this version
    text: str = ""
    skipped: int = 0  # for "skipped": how many unchanged lines are not shown


def line_diff(old: str, new: str, context: int = CONTEXT) -> list[Row]:
    """The rows of a line diff from `old` to `new`, long unchanged runs folded."""
    before, after = old.splitlines(), new.splitlines()
    rows = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            same = [Row("same", i + 1, j + 1, before[i]) for i, j in pairs]
            first, last = i1 == 0, i2 == len(before)
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(same) > keep_head + keep_tail + 1:
                hidden = len(same) - keep_head - keep_tail
                rows += same[:keep_head]
                rows.append(Row("skipped", skipped=hidden))
                rows += same[len(same) - keep_tail :] if keep_tail else []
            else:
                rows += same
            continue
        rows += [Row("removed", old=i + 1, text=before[i]) for i in range(i1, i2)]
        rows += [Row("added", new=j + 1, text=after[j]) for j in range(j1, j2)]
    return rows


def counts(rows: list[Row]) -> tuple[int, int]:
    """Lines added and lines removed."""
    return (
        sum(1 for row in rows if row.kind == "added"),
        sum(1 for row in rows if row.kind == "removed"),
    )


def previous_version(version, user):
    """The version of the same text just before `version` that `user` may see (one they may not
    see is passed over: it is compared with the one before that)."""
    from .models import DraftVersion

    earlier = Q(date__lt=version.date) | Q(date=version.date, pk__lt=version.pk)
    return (
        DraftVersion.objects.visible_to(user)
        .filter(earlier, track=version.track_id, instrument=version.instrument)
        .order_by("-date", "-pk")
        .first()
    )


def versions_with_changes(versions):
    """Each version of a track (ordered by text, date, key) with the lines added and removed
    since the version of the same text before it in the list, or None for a first version."""
    shown, last_text = [], {}
    for version in versions:
        before = last_text.get(version.instrument)
        changes = None if before is None else counts(line_diff(before, version.text))
        shown.append({"version": version, "changes": changes})
        last_text[version.instrument] = version.text
    return shown
