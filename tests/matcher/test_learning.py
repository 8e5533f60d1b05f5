"""Learning from the seeker's own reactions (matcher/learning.py): the two rules as properties, and that it helps.

Rule 1: learning is the seeker's own voice and may reorder freely, but never overrides a hard preference.
Rule 2: one seeker's reactions reach another seeker's ranking only through a model fitted the same way for all;
here nothing is pooled, so they never reach it at all.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from matcher import OpeningIndex, rank
from matcher.learning import reactions_in, refine, refinement
from models import Employer, Feedback, JobSeeker, Opening
from tests.matcher.test_invariants import COMMON, breaks_a_hard_preference, catalogues, seekers

FEWER = {**COMMON, "max_examples": 30}

REACTIONS = ["interested", "not_for_me", "applied", "hired"]


def reactions_to(openings: list[Opening], seeker_id: int | None = None):
    return st.lists(
        st.builds(Feedback, opening_id=st.sampled_from([o.id for o in openings]), reaction=st.sampled_from(REACTIONS),
                  seeker_id=st.just(seeker_id)),
        max_size=8,
    )


@settings(**FEWER)
@given(data=st.data())
def test_rule_1_learning_reorders_but_never_brings_back_what_a_hard_preference_rules_out(embedder, data):
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    feedback = data.draw(reactions_to(openings))
    index = OpeningIndex.build(openings, employers, embedder)
    learned = rank(seeker, index, feedback=feedback, limit=50)
    plain = rank(seeker, index, feedback=feedback, limit=50, learning=False)
    assert {s.opening_id for s in learned} == {s.opening_id for s in plain}, "learning adds or drops no opening"
    rejected = {f.opening_id for f in feedback if f.reaction == "not_for_me"}
    by_id = {o.id: o for o in openings}
    employer_of = {e.id: e for e in employers}
    for s in learned:
        opening = by_id[s.opening_id]
        why = breaks_a_hard_preference(seeker, opening, employer_of[opening.employer_id], rejected)
        assert why is None, f"learning suggested opening {opening.id}, which breaks a hard preference: {why}"
        assert 0.0 <= s.preference_score <= 1.0


@settings(**FEWER)
@given(data=st.data())
def test_rule_2_another_seeker_s_reactions_never_reach_this_seeker_s_ranking(embedder, data):
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    other_id = data.draw(st.integers(1, 1000).filter(lambda i: i != seeker.id))
    own = data.draw(reactions_to(openings, seeker.id))
    others = data.draw(reactions_to(openings, other_id).filter(bool))
    index = OpeningIndex.build(openings, employers, embedder)
    mixed = data.draw(st.permutations([*own, *others]))
    # The order of one seeker's own reactions matters (the latest counts), so theirs keep their order.
    mixed = [f for f in mixed if f.seeker_id != seeker.id] + own
    assert rank(seeker, index, feedback=mixed, limit=50) == rank(seeker, index, feedback=own, limit=50)


unit_vectors = arrays(np.float64, 8, elements=st.floats(-1, 1)).filter(lambda v: np.linalg.norm(v) > 0.1).map(
    lambda v: v / np.linalg.norm(v)
)


@settings(max_examples=200, deadline=None)
@given(
    queries=st.lists(unit_vectors, min_size=0, max_size=3),
    liked=st.lists(unit_vectors, min_size=0, max_size=4),
    disliked=st.lists(unit_vectors, min_size=0, max_size=4),
)
def test_refined_queries_are_unit_vectors_that_move_towards_what_was_liked(queries, liked, disliked):
    def stack(vectors):
        return np.array(vectors).reshape(len(vectors), 8)

    q, good, bad = stack(queries), stack(liked), stack(disliked)
    refined = refine(q, good, bad)
    if not liked and not disliked:
        assert np.array_equal(refined, q.astype(np.float32)), "without reactions the seeker's words stay as they are"
        return
    assert np.allclose(np.linalg.norm(refined, axis=1), 1.0, atol=1e-5)
    assert len(refined) <= max(len(queries), 1 if liked else 0)
    if liked and not disliked and len(refined) == len(queries):
        centre = good.mean(axis=0)
        for before, after in zip(q, refined, strict=True):
            assert after @ centre >= before @ centre - 1e-6, "liking pulls every query towards what was liked"


def test_the_latest_reaction_counts_for_learning_but_not_for_me_stays_ruled_out(index):
    feedback = [Feedback(opening_id=1, reaction="interested"), Feedback(opening_id=2, reaction="not_for_me"),
                Feedback(opening_id=1, reaction="not_for_me"), Feedback(opening_id=2, reaction="interested"),
                Feedback(opening_id=999, reaction="interested")]
    reacted = reactions_in(feedback, index)
    assert reacted.rejected_ids == {1, 2}
    assert [index.openings[r].id for r in reacted.liked] == [2]
    assert [index.openings[r].id for r in reacted.disliked] == [1]


# A catalogue where the seeker's words ("a steady job") fit no kind of work in particular.
KINDS = {
    "animals": [("Kennel assistant", "Clean kennels, feed the dogs and walk them"),
                ("Dog walker", "Walk shelter dogs twice a day"),
                ("Animal shelter attendant", "Care for cats and dogs waiting for adoption"),
                ("Groomer's helper", "Bathe and brush dogs at a pet salon")],
    "kitchen": [("Dishwasher", "Wash dishes and pots for the lunch rush"), ("Prep cook", "Chop vegetables"),
                ("Line cook", "Cook grill orders"), ("Baker's assistant", "Scale flour and shape dough")],
    "office": [("Receptionist", "Answer phones and greet visitors"), ("Office assistant", "File and copy papers"),
               ("Data entry clerk", "Type forms into the computer"), ("Mail clerk", "Sort and deliver mail")],
    "retail": [("Cashier", "Ring up groceries"), ("Sales associate", "Help shoppers find clothes"),
               ("Stocker", "Fill shelves from the truck"), ("Customer service clerk", "Handle returns at the desk")],
}


def test_learning_moves_a_liked_kind_of_job_up(embedder):
    employers = [Employer(id=i, name=f"Employer {i}", location={"lat": 44.97, "lon": -93.26}) for i in range(1, 9)]
    titles = [(kind, job) for kind, jobs in KINDS.items() for job in jobs]
    openings = [Opening(id=i, employer_id=i % 8 + 1, title=title, description=text)
                for i, (_, (title, text)) in enumerate(titles, start=1)]
    animal = {o.id for o, (kind, _) in zip(openings, titles, strict=True) if kind == "animals"}
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="L", profile={"interests": ["a steady job"]})
    liked = [Feedback(opening_id=1, reaction="interested")]  # the kennel assistant job

    def places(**options) -> list[int]:
        order = [s.opening_id for s in rank(seeker, index, limit=len(openings), **options)]
        return sorted(order.index(i) for i in animal - {1})

    before, without, after = places(), places(feedback=liked, learning=False), places(feedback=liked)
    assert without == before, "without learning a liking changes nothing"
    assert max(after) <= 4, f"the three other animal jobs join the liked one at the top (places {before} -> {after})"
    assert sum(before) - sum(after) >= 10, "they come up a long way, not one place each"


@settings(max_examples=200, deadline=None)
@given(
    queries=st.lists(unit_vectors, min_size=0, max_size=3),
    liked=st.lists(unit_vectors, min_size=0, max_size=4),
    disliked=st.lists(unit_vectors, min_size=0, max_size=4),
    openings=st.lists(unit_vectors, min_size=1, max_size=5),
)
def test_refinement_gives_the_similarities_to_the_refined_queries(queries, liked, disliked, openings):
    """rank() scores against refine()'s queries through Refinement: the same similarities, from one product with
    the shift instead of one per refined query."""
    def stack(vectors):
        return np.array(vectors, dtype=np.float32).reshape(len(vectors), 8)

    q, good, bad, x = stack(queries), stack(liked), stack(disliked), stack(openings)
    parts = refinement(q, good, bad)
    if not liked and not disliked:
        assert parts is None
        return
    expected = x @ refine(q, good, bad).T
    got = np.zeros((len(x), 0)) if parts is None else parts.similarities(x @ q.T, x @ parts.shift)
    assert got.shape == expected.shape
    assert np.allclose(got, expected, atol=1e-5)


def test_refine_takes_the_weights_it_is_given():
    """benchmarks/feedback_simulation.py --tune tries other weights: each one must count as given."""
    q = np.array([[1.0, 0.0, 0.0]])
    liked, disliked = np.array([[0.0, 1.0, 0.0]]), np.array([[0.0, 0.0, 1.0]])
    only_liked = refine(q, liked, disliked, alpha=0.0, beta=1.0, gamma=0.0)
    assert np.allclose(only_liked, [[0.0, 1.0, 0.0]])
    only_stated = refine(q, liked, disliked, alpha=2.0, beta=0.0, gamma=0.0)
    assert np.allclose(only_stated, [[1.0, 0.0, 0.0]])
    pushed = refine(q, liked, disliked, alpha=1.0, beta=0.0, gamma=1.0)
    assert np.allclose(pushed, [[1 / np.sqrt(2), 0.0, -1 / np.sqrt(2)]])
