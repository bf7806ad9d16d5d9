"""`{{ text|marked:words }}`: a found record's name with the searched words marked."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from chancery.core.search import spellings

register = template.Library()
WORD = re.compile(r"(\w+)")


@register.filter
def marked(text, words):
    """`text`, escaped, with each of its words that begins (folded) with a searched word in
    <mark>."""
    parts = WORD.split(str(text))
    out = []
    for i, part in enumerate(parts):
        if i % 2 and any(folded.startswith(w) for folded in spellings(part) for w in words):
            out.append(f"<mark>{escape(part)}</mark>")
        else:
            out.append(escape(part))
    return mark_safe("".join(out))
