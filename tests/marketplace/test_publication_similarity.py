"""Near-duplicate detection at submission (同质化, issue 17 point 3): a copy of a model with its
fields, inputs and parameters renamed is flagged to the reviewer with the model it copies; a
different model is not; and no two of the shipped templates are flagged against each other
(which is what the documented threshold rests on)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

from sqlalchemy import select

import jiancha.modelling  # noqa: F401  (first: marketplace.versions and modelling import each other)
from jiancha.marketplace import similarity
from jiancha.marketplace.card import model_card
from jiancha.marketplace.submission import submit
from jiancha.marketplace.versions import register_version
from jiancha.modelling import install, load_spec
from jiancha.store import Org, Store
from jiancha.templates import load_template, load_templates
from tests.marketplace.publication_fixtures import (
    AUTHOR,
    CARD,
    SLUG,
    person,
    seed,
)
from tests.modelling.fixtures import BINDS, SPECS

RENAMED = {
    "person_id": "gmsfhm",
    "sentence_type": "xingfa",
    "probation": "huanxing",
    "pretrial_measure": "qzcs",
    "effective_date": "sxrq",
    "intake_date": "syrq",
    "court": "fayuan",
    "grace_days": "kuanxian",
    "days_overdue": "yuqi",
    "j": "panjue",
    "p": "shouya",
}


def renamed(text: str, slug: str) -> str:
    """``text`` with every field, input, parameter and derived column renamed, and a new id."""
    words = re.compile(r"\b(" + "|".join(RENAMED) + r")\b")
    body = words.sub(lambda m: RENAMED[m.group(1)], text)
    return re.sub(r"^id: .*$", f"id: {slug}", body, count=1, flags=re.MULTILINE)


def renamed_binds() -> list[str]:
    found = []
    for pair in BINDS:
        left, right = pair.split("=", 1)
        parts = [RENAMED.get(p, p) for p in left.split(".")]
        found.append(".".join(parts) + "=" + right)
    return found


def test_a_renamed_copy_scores_one_and_a_different_model_does_not() -> None:
    base = load_template("custodial-sentence-not-executed")
    copy = load_spec(renamed(base.text, "copy"), "copy.yaml")
    assert set(copy.inputs) == {"panjue", "shouya"}  # really renamed
    like = similarity.likeness(similarity.signature(base), similarity.signature(copy))
    assert (like.score, like.inputs, like.checks) == (1.0, 1.0, 1.0)
    other = load_template("fine-not-executed")
    unlike = similarity.likeness(similarity.signature(base), similarity.signature(other))
    assert unlike.score < similarity.THRESHOLD


def test_no_two_shipped_templates_are_near_duplicates() -> None:
    signatures = {s.id: similarity.signature(s) for s in load_templates()}
    scores = {
        (a, b): similarity.likeness(signatures[a], signatures[b]).score
        for a, b in itertools.combinations(sorted(signatures), 2)
    }
    closest = max(scores, key=lambda pair: scores[pair])
    assert scores[closest] < similarity.THRESHOLD, closest
    # the closest pair (same data, opposite sentences) is what the threshold is set above
    assert scores[closest] > 0.7


def test_a_submission_flags_the_model_it_copies(sqlite_store: Store, tmp_path: Path) -> None:
    store = sqlite_store
    seed(store, tmp_path)
    submit(store, SLUG, CARD, person(store, "ma"))  # in review: compared with
    original = (SPECS / "custodial.yaml").read_text(encoding="utf-8")
    copy = load_spec(renamed(original, "custodial-copy"), "copy.yaml")
    install(store, copy, renamed_binds(), AUTHOR)
    sent = submit(store, "custodial-copy", CARD, person(store, "ma"))
    assert sent["flagged"] == [SLUG]
    [near] = sent["similar"]
    assert (near["slug"], near["score"], near["near"]) == (SLUG, 1.0, True)
    card = model_card(store, "custodial-copy", person(store, "da"))
    assert card["similar"][0]["slug"] == SLUG  # shown to the reviewer

    different = load_template("drunk-driver-licence-not-revoked")
    with store.session() as session:
        author = session.scalar(select(Org).where(Org.code == AUTHOR))
        register_version(session, different, by="ma", author=author)
    form = dataclasses.replace(CARD, spec_text=different.text)
    apart = submit(store, different.id, form, person(store, "ma"))
    assert apart["flagged"] == []
    assert {s["slug"] for s in apart["similar"]} == {SLUG, "custodial-copy"}
    assert all(s["score"] < similarity.THRESHOLD for s in apart["similar"])
