"""Occupation grounding against the shipped O*NET-SOC taxonomy, with the real model."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import MODEL_ID, OpeningIndex, rank
from matcher.taxonomy import (
    DUTY_TASKS,
    LOW_CONFIDENCE,
    VECTORS_FILE,
    Taxonomy,
    duty_digest,
    label_forms,
    names_something,
    same_level,
    soc_levels,
)
from models import CareerProfile, Employer, InvalidInput, JobSeeker, Opening
from models.errors import UnknownOccupation
from tests.matcher.test_invariants import COMMON, breaks_a_hard_preference, catalogues, feedback_for, seekers


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.load()


def test_the_shipped_taxonomy_has_every_onet_occupation_with_its_groups(taxonomy):
    assert len(taxonomy) == 923
    cooks = taxonomy.occupation("35-2014.00")
    assert cooks.label == "Cooks, Restaurant"
    assert cooks.parents == ("35-2014", "35-2010", "35-2000", "35-0000")
    assert Taxonomy.load() is taxonomy


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("dishwasher", "35-9021.00"),
        ("Cashier", "41-2011.00"),
        ("barista", "35-3023.01"),
        ("janitor", "37-2011.00"),
        ("security guard", "33-9032.00"),
        ("software developer", "15-1252.00"),
        ("house cleaner", "37-2012.00"),
    ],
)
def test_clear_titles_ground_in_their_occupation(taxonomy, embedder, title, code):
    (grounding,) = taxonomy.ground([title], embedder)
    assert grounding.code == code
    assert grounding.label == taxonomy.occupation(code).label
    assert not grounding.low_confidence
    assert LOW_CONFIDENCE <= grounding.confidence <= 1.0


def test_close_titles_ground_in_the_right_broad_group(taxonomy, embedder):
    line_cook, truck = taxonomy.ground(["line cook", "delivery truck driver"], embedder)
    assert taxonomy.occupation(line_cook.code).parents[1] == "35-2010"  # cooks
    assert taxonomy.occupation(truck.code).parents[1] == "53-3030"  # driver/sales workers and truck drivers


@pytest.mark.parametrize("text", ["xqzvv blorp", "asdf", "qwerty uiop zxcv", "the"])
def test_gibberish_is_flagged_low_confidence(taxonomy, embedder, text):
    (grounding,) = taxonomy.ground([text], embedder)
    assert grounding.low_confidence
    assert 0.0 <= grounding.confidence < LOW_CONFIDENCE


def test_search_gives_the_closest_occupations_best_first(taxonomy, embedder):
    found = taxonomy.search("cook in a restaurant kitchen", embedder, limit=5)
    assert len(found) == 5
    assert [g.confidence for g in found] == sorted((g.confidence for g in found), reverse=True)
    assert "35-2014.00" in [g.code for g in found]
    assert taxonomy.search("   ", embedder) == []
    assert taxonomy.search("cook", embedder, limit=0) == []


def test_grounding_is_deterministic_and_in_order(taxonomy, embedder):
    texts = ["dishwasher", "cashier", "dishwasher"]
    first, second = taxonomy.ground(texts, embedder), taxonomy.ground(list(reversed(texts)), embedder)
    assert first == list(reversed(second))
    assert taxonomy.ground([], embedder) == []


def test_hierarchy_back_off_levels():
    assert soc_levels("35-3023.01") == ("35-3023", "35-3020", "35-3000", "35-0000")
    assert same_level("35-2014.00", "35-2014.00") == 0
    assert same_level("35-3023.00", "35-3023.01") == 1  # same detailed SOC occupation
    assert same_level("35-2014.00", "35-2015.00") == 2  # cooks: same broad group
    assert same_level("35-2014.00", "35-2021.00") == 3  # food preparation workers: same minor group
    assert same_level("35-2014.00", "35-9021.00") == 4  # dishwashers: same major group
    assert same_level("35-2014.00", "41-2011.00") == 5


def test_label_forms_say_onet_titles_the_way_people_do():
    assert label_forms("Cooks, Restaurant") == ["Cooks, Restaurant", "Restaurant Cooks"]
    assert "Janitors and Cleaners" in label_forms("Janitors and Cleaners, Except Maids and Housekeeping Cleaners")
    assert label_forms("Waiters and Waitresses")[1:] == ["Waiters", "Waitresses"]
    assert label_forms("Loan Interviewers and Clerks")[1:] == ["Loan Interviewers", "Loan Clerks"]
    assert label_forms("Industrial Truck and Tractor Operators") == ["Industrial Truck and Tractor Operators"]


@pytest.mark.parametrize("code", ["99-9999.99", "35-2014", "cook", ""])
def test_an_unknown_code_is_a_clear_error(taxonomy, code):
    with pytest.raises(UnknownOccupation, match="No occupation has the code") as raised:
        taxonomy.occupation(code)
    assert isinstance(raised.value, InvalidInput)


def test_corrected_occupations_are_validated_on_the_models():
    assert Opening(employer_id=1, title="Cook", occupation_code="35-2014.00").occupation_code == "35-2014.00"
    with pytest.raises(ValueError, match="O\\*NET-SOC|pattern"):
        Opening(employer_id=1, title="Cook", occupation_code="cook")
    profile = CareerProfile(job_types=["line cook"], job_type_occupations={"line cook": "35-2014.00"})
    assert profile.job_type_occupations == {"line cook": "35-2014.00"}
    with pytest.raises(ValueError, match="not one of job_types"):
        CareerProfile(job_types=["line cook"], job_type_occupations={"baker": "51-3011.00"})


CODES = ["35-9021.00", "35-2014.00", "41-2011.00", "53-7065.00", "37-2011.00", "39-2021.00"]


@settings(**COMMON)
@given(data=st.data())
def test_the_occupation_term_never_lifts_an_opening_over_a_hard_preference(embedder, data):
    """Invariant 2 with the occupation back-off at full strength: specialists' corrections put openings and the
    seeker's job types in the same occupations, so every opening gets the largest lift there is."""
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    feedback = data.draw(feedback_for(openings))
    corrected = [o.model_copy(update={"occupation_code": data.draw(st.sampled_from(CODES))}) for o in openings]
    job_types = seeker.profile.job_types
    lifted = seeker.model_copy(update={"profile": seeker.profile.model_copy(update={
        "job_type_occupations": {p: data.draw(st.sampled_from(CODES)) for p in job_types}
    })})
    plain = rank(seeker, OpeningIndex.build(openings, employers, embedder), feedback=feedback, limit=50)
    index = OpeningIndex.build(corrected, employers, embedder)
    found = rank(lifted, index, feedback=feedback, limit=50)
    assert {s.opening_id for s in found} == {s.opening_id for s in plain}, "the term only reorders"
    rejected = {f.opening_id for f in feedback if f.reaction == "not_for_me"}
    by_id, employer_of = {o.id: o for o in openings}, {e.id: e for e in employers}
    for s in found:
        opening = by_id[s.opening_id]
        why = breaks_a_hard_preference(seeker, opening, employer_of[opening.employer_id], rejected)
        assert why is None, f"suggested opening {opening.id} breaks a hard preference: {why}"
        assert 0.0 <= s.preference_score <= 1.0


def test_a_correction_overrides_the_grounding(embedder):
    employers = [Employer(id=1, name="Diner")]
    openings = [Opening(id=1, employer_id=1, title="Dishwasher"),
                Opening(id=2, employer_id=1, title="Dishwasher", occupation_code="35-2014.00")]
    index = OpeningIndex.build(openings, employers, embedder)
    codes = [index.taxonomy.occupations[row].code for row in index.occupation]
    assert codes == ["35-9021.00", "35-2014.00"]
    assert index.occupation_confidence[1] == 1.0 and index.occupation_confidence[0] < 1.0


def test_the_wanted_occupation_lifts_openings_of_its_group(embedder):
    """A seeker who wants restaurant cook work: a cook opening the model finds only loosely similar gains from
    being corrected into the cooks' occupation; one in an unrelated occupation gains nothing."""
    employers = [Employer(id=i, name=f"Employer {i}") for i in (1, 2)]
    profile = {"job_types": ["restaurant cook"], "job_type_occupations": {"restaurant cook": "35-2014.00"}}
    seeker = JobSeeker(id=1, name="Seeker", profile=profile)

    def interest(code: str | None) -> float:
        opening = Opening(id=1, employer_id=1, title="Kitchen team member", occupation_code=code)
        (suggestion,) = rank(seeker, OpeningIndex.build([opening], employers, embedder))
        return suggestion.components["interest"]

    plain, same = interest(None), interest("35-2014.00")
    broad, unrelated = interest("35-2015.00"), interest("41-2011.00")
    assert same > broad > plain
    assert unrelated <= plain


@settings(max_examples=10, deadline=None)
@given(picks=st.lists(st.integers(0, 5), min_size=1, max_size=6))
def test_grounding_a_seekers_phrases_is_grounding_each_alone_and_is_remembered(taxonomy, embedder, picks):
    """ground_phrases() gives each phrase what ground_vectors() gives it alone, whichever phrases come with it."""
    phrases = ["kennel assistant", "dog walker", "line cook", "cashier", "help desk technician", "zxqv blorp"]
    vectors = embedder.encode([phrases[i] for i in picks])
    rows, cosine = taxonomy.ground_phrases(vectors, embedder)
    for i, vector in enumerate(vectors):
        alone_rows, alone_cosine = taxonomy.ground_vectors(vector[None, :], embedder)
        assert rows[i] == alone_rows[0] and cosine[i] == alone_cosine[0]
    again = taxonomy.ground_phrases(vectors[::-1], embedder)
    assert np.array_equal(again[0], rows[::-1]) and np.array_equal(again[1], cosine[::-1])


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_a_vectors_grounding_does_not_depend_on_the_vectors_grounded_with_it(taxonomy, embedder, data):
    """An index changed in place grounds a few new openings, a fresh build all of them together: each vector's
    occupation and confidence must be bitwise the same either way (BLAS rounds by position in the block)."""
    labels = taxonomy.label_vectors(embedder)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    count = data.draw(st.integers(1, 60))
    # Blends of two label vectors, some nearly even: near ties between occupations, the hard case.
    a, b = rng.integers(0, len(labels), count), rng.integers(0, len(labels), count)
    share = rng.choice([0.5, 0.5 + 1e-6, rng.uniform(0, 1)], size=count)[:, None]
    vectors = (share * labels[a] + (1 - share) * labels[b]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    noise = rng.standard_normal((data.draw(st.integers(0, 300)), labels.shape[1])).astype(np.float32)
    together = np.vstack([noise / np.linalg.norm(noise, axis=1, keepdims=True), vectors])
    rows, cosine = taxonomy.ground_vectors(together, embedder)
    for i, vector in enumerate(vectors):
        alone_rows, alone_cosine = taxonomy.ground_vectors(vector[None, :], embedder)
        assert rows[len(noise) + i] == alone_rows[0] and cosine[len(noise) + i] == alone_cosine[0]
    exact = np.vecdot(vectors[:, None, :], labels[None, :, :])
    best = taxonomy._per_occupation(exact)
    assert np.array_equal(rows[len(noise):], best.argmax(axis=1)), "the best occupation by exact similarities"
    assert np.array_equal(cosine[len(noise):], best.max(axis=1))


@pytest.mark.parametrize(
    ("text", "named"),
    [("the", False), ("and of", False), ("  ", False), ("it", False), ("none", False), ("any job", False),
     ("IT", True), ("line cook", True), ("the cook", True), ("office work", True), ("xqzvv", True)],
)
def test_only_a_text_with_a_word_besides_function_words_names_something(text, named):
    assert names_something(text) is named


def test_a_job_type_of_function_words_gets_no_occupation_but_a_job_name_does(index, embedder):
    from matcher.scoring import seeker_occupations
    from models import CareerProfile

    profile = CareerProfile(job_types=["the", "dishwasher"])
    rows = seeker_occupations(profile, embedder.encode(profile.wanted_phrases()), index)
    wanted = profile.wanted_phrases()
    assert rows[wanted.index("the")] == -1
    assert index.taxonomy.occupations[rows[wanted.index("dishwasher")]].code == "35-9021.00"


def _duties_of(taxonomy, embedder):
    return taxonomy.label_vectors(embedder)[len(taxonomy.label_texts) :]


def test_the_shipped_duties_are_what_the_model_makes_of_the_task_statements(taxonomy, embedder):
    """Each occupation's shipped duties vector is the mean embedding of its first task statements."""
    duties = _duties_of(taxonomy, embedder)
    for code in ("35-2014.00", "15-1252.00", "37-2011.00", "53-3032.00"):
        tasks = taxonomy.tasks[code][:DUTY_TASKS]
        mean = embedder.encode(list(tasks)).mean(axis=0)
        assert float(duties[taxonomy.row(code)] @ (mean / np.linalg.norm(mean))) > 0.999


def test_shipped_duties_are_not_used_for_other_task_statements(taxonomy, embedder):
    """A taxonomy whose duties are made of other task statements embeds them instead of taking the shipped ones."""
    cooks, janitors = taxonomy.occupation("35-2014.00"), taxonomy.occupation("37-2011.00")
    tasks = {cooks.code: ("Wash dishes by hand.", "Sweep the kitchen floor."),
             janitors.code: taxonomy.tasks[janitors.code]}
    other = Taxonomy([cooks, janitors], tasks, source=taxonomy.source)
    duties = _duties_of(other, embedder)
    for code in (cooks.code, janitors.code):
        mean = embedder.encode(list(tasks[code][:DUTY_TASKS])).mean(axis=0)
        assert float(duties[other.row(code)] @ (mean / np.linalg.norm(mean))) > 0.999
    assert float(_duties_of(taxonomy, embedder)[taxonomy.row(cooks.code)] @ duties[other.row(cooks.code)]) < 0.9


def test_holding_out_takes_task_statements_out_of_the_duties(taxonomy, embedder):
    """A benchmark's held-out task statements leave the duties: what is left is the mean of the other tasks, an
    occupation left with none has no duties, and other occupations keep theirs."""
    cooks, janitors, bakers, cashiers = "35-2014.00", "37-2011.00", "51-3011.00", "41-2011.00"
    held = [*taxonomy.tasks[cooks][:3], *taxonomy.tasks[janitors][:DUTY_TASKS], *taxonomy.tasks[cashiers][1:DUTY_TASKS]]
    out = taxonomy.holding_out(held, embedder)
    assert out.tasks[cooks] == taxonomy.tasks[cooks][3:DUTY_TASKS] and out.tasks[janitors] == ()
    duties, whole = _duties_of(out, embedder), _duties_of(taxonomy, embedder)
    for code, left in ((cooks, taxonomy.tasks[cooks][3:DUTY_TASKS]), (cashiers, taxonomy.tasks[cashiers][:1])):
        rest = embedder.encode(list(left)).mean(axis=0)
        assert float(duties[out.row(code)] @ (rest / np.linalg.norm(rest))) > 0.999
    assert float(duties[out.row(cooks)] @ whole[taxonomy.row(cooks)]) < 0.999
    assert not duties[out.row(janitors)].any()
    assert np.array_equal(duties[out.row(bakers)], whole[taxonomy.row(bakers)])
    assert out.ground(["janitor"], embedder)[0].code == "37-2011.00"  # by its title, still


def test_the_shipped_vectors_are_of_the_shipped_taxonomy_and_model_and_are_unit_vectors(taxonomy, embedder):
    """The shipped file is made again whenever the taxonomy or the tuning changes; otherwise every new process
    would spend half a minute embedding labels and duties. Its vectors come back as unit vectors (cosines)."""
    with np.load(VECTORS_FILE) as data:
        assert str(data["model_id"]) == embedder.model_id == MODEL_ID
        assert str(data["duty_digest"]) == duty_digest(taxonomy)
        assert data["texts"].tolist() == list(taxonomy.label_texts)
    vectors = taxonomy.label_vectors(embedder)
    lengths = np.linalg.norm(vectors, axis=1)
    assert np.allclose(lengths[lengths > 0], 1.0, atol=1e-6)
    without_tasks = [row for row, o in enumerate(taxonomy.occupations) if not taxonomy.tasks[o.code]]
    assert np.flatnonzero(lengths == 0).tolist() == [len(taxonomy.label_texts) + row for row in without_tasks]
