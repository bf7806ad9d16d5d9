"""Generated data (`chancery generate-data`): the notes verbales, reports, statements and letters
the generated engagements cite, each with some text."""

from django.conf import settings

from chancery.core.generate import MARK

from .models import Document

DOCUMENTS = 20_000
K = Document.Kind
KINDS = {K.NOTE_VERBALE: 35, K.REPORT: 25, K.LETTER: 12, K.STATEMENT: 10, K.SPEECH: 8,
         K.TREATY_TEXT: 5, K.DECLARATION: 5}  # fmt: skip
SENTENCES = (
    "The Ministry of Foreign Affairs presents its compliments to the Embassy.",
    "The Ministry has the honour to propose dates for the next round of consultations.",
    "The parties reviewed the state of bilateral relations and the agenda ahead.",
    "The report summarises the meetings held during the visit and their outcome.",
    "Follow-up is assigned to the departments concerned, with a report due in three months.",
    "The Ministry avails itself of this opportunity to renew the assurances of its highest "
    "consideration.",
)


def generate(run):
    rng = run.rng("documents")
    languages = [code for code, _name in settings.LANGUAGES]
    kinds, weights = list(KINDS), list(KINDS.values())

    def rows():
        for i in range(run.count(DOCUMENTS)):
            kind = rng.choices(kinds, weights)[0]
            day = run.day(rng)
            yield Document(
                kind=kind,
                title=f"{MARK} {kind.label} no. {i + 1}",
                date=day,
                language=rng.choice(languages),
                author="Ministry of Foreign Affairs",
                text=" ".join(rng.sample(SENTENCES, rng.randint(2, 5))),
                classification=run.classification(rng),
                created_at=run.moment(rng, day),
            )

    keys = []
    for batch in run.saved(Document, rows()):
        keys += [document.pk for document in batch]
    run.shared["documents"] = keys
