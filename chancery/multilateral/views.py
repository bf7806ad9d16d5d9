"""Multilateral pages beyond the registry's: a membership roll on a day, two states' overlap, voting
alignment."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from chancery.core.charts import line_chart

from . import alignment as alignments
from . import roll as rolls
from .forms import AlignmentForm, OverlapForm, RollForm


def _answer(request, template, form, answer):
    """Render the question's page: 200 with the answer, 400 with the form's messages when the
    question was asked wrongly, 200 with the empty form when it was not asked yet."""
    context = {"form": form}
    if not request.GET:
        return render(request, template, context)
    if form.is_valid():
        context.update(answer(form.cleaned_data))
        return render(request, template, context)
    return render(request, template, context, status=400)


@login_required
@require_GET
def membership_roll(request):
    """Who held which status in an organisation, or a seat in one of its organs, on a day."""
    form = RollForm(request.GET or None, request.user)  # unbound until asked: no errors yet
    return _answer(
        request,
        "multilateral/roll.html",
        form,
        lambda data: {
            "organization": data["organization"],
            "organ": data["organ"],
            "day": data["on"],
            "memberships": list(
                rolls.roll(data["organization"], data["on"], request.user, data["organ"])
            ),
        },
    )


@login_required
@require_GET
def overlap(request):
    """The organisations two states both belonged to on a day."""
    form = OverlapForm(request.GET or None, request.user)
    return _answer(
        request,
        "multilateral/overlap.html",
        form,
        lambda data: {
            "first": data["first"],
            "second": data["second"],
            "day": data["on"],
            "organisations": list(
                rolls.organisations_in_common(
                    data["first"], data["second"], request.user, data["on"]
                )
            ),
        },
    )


def _shown(rows, what):
    """Scores as percentages, for the templates: each row's first item is called `what`."""
    return [{what: first, "percent": score * 100, "n": n} for first, score, n in rows]


@login_required
@require_GET
def alignment(request):
    """A state's voting alignment: with one other state over a period and by year, and the
    states most and least aligned with it. The first visit answers for the home state."""
    form = AlignmentForm(request.GET, request.user)
    shown = alignments.RANKED_SHOWN

    def answer(data):
        state, other = data["state_side"], data["other_side"]
        period = {"start": data["start"], "end": data["end"], "subject": data["subject"]}
        seen = alignments.Sight.of(request.user)  # what the reader sees, read once
        ranked = _shown(alignments.ranking(state, seen, **period), "country")
        context = {
            **data,
            "state_predecessors": state[1:],
            "other_predecessors": other[1:],
            "minimum": alignments.MINIMUM,
            "most_aligned": ranked[:shown],
            # each state in one list only, when fewer than twice `shown` are ranked
            "least_aligned": ranked[max(shown, len(ranked) - shown) :][::-1],
        }
        if other:
            by_year = alignments.agreement_by_year(state, other, seen, **period)
            score, n = alignments.agreement_over(state, other, seen, **period)
            context.update(
                by_year=_shown(by_year, "year"),
                overall=None if score is None else score * 100,
                compared=n,
                chart=line_chart(
                    [(year, score * 100) for year, score, _n in by_year], top_value=100
                ),
            )
        return context

    if not request.GET and form.data.get("state") and form.is_valid():
        return render(
            request, "multilateral/alignment.html", {"form": form, **answer(form.cleaned_data)}
        )
    return _answer(request, "multilateral/alignment.html", form, answer)
