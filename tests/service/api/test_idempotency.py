"""Duplicate submissions: an Idempotency-Key replays the first answer, and feedback is never counted twice."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.service.api.conftest import Program


def test_the_same_key_replays_the_first_answer_and_creates_nothing(program: Program) -> None:
    body = {"name": "Cara N.", "profile": {"job_types": ["baker"]}}
    key = {"Idempotency-Key": "9b7c1c1e-2f2e-4c55-9d0a-1f6c3b1a0001"}
    first = program.call("specialist", "POST", "/seekers", json=body, headers=key)
    before = program.snapshot()
    again = program.call("specialist", "POST", "/seekers", json=body, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert program.snapshot() == before  # no second seeker, no second audit row


def test_without_a_key_two_posts_make_two_records(program: Program) -> None:
    # confirm=true: the second is a likely duplicate of the first (409 otherwise), which is not this test's point.
    one = program.call("job_developer", "POST", "/employers?confirm=true", json={"name": "Corner Bakery"})
    two = program.call("job_developer", "POST", "/employers?confirm=true", json={"name": "Corner Bakery"})
    assert one.json()["id"] != two.json()["id"]


def test_a_key_reused_for_another_request_is_refused(program: Program) -> None:
    key = {"Idempotency-Key": "k-1"}
    assert program.call("job_developer", "POST", "/employers", json={"name": "A"}, headers=key).status_code == 201
    before = program.snapshot()
    other = program.call("job_developer", "POST", "/employers", json={"name": "B"}, headers=key)
    assert other.status_code == 422 and "already used for a different request" in other.json()["detail"]
    assert program.snapshot() == before


def test_keys_belong_to_one_user(program: Program) -> None:
    key = {"Idempotency-Key": "same"}
    one = program.call("job_developer", "POST", "/employers", json={"name": "A"}, headers=key)
    # confirm=true: a second employer "A" is a likely duplicate of the first.
    two = program.call("admin", "POST", "/employers?confirm=true", json={"name": "A"}, headers=key)
    assert (one.status_code, two.status_code) == (201, 201) and one.json()["id"] != two.json()["id"]


def test_a_refused_request_does_not_use_up_its_key(program: Program) -> None:
    key = {"Idempotency-Key": "retry-me"}
    bad = program.call("job_developer", "POST", "/openings", json={"employer_id": 999999, "title": "T"}, headers=key)
    assert bad.status_code == 422
    body = {"employer_id": program.ids["shelter"], "title": "T"}
    good = program.call("job_developer", "POST", "/openings", json=body, headers=key)
    assert good.status_code == 201, good.text


def test_every_create_endpoint_honours_the_key(program: Program) -> None:
    ids = program.ids
    posts = [
        ("admin", "/employers", {"name": "A"}),
        ("admin", "/openings", {"employer_id": ids["shelter"], "title": "T"}),
        (
            "specialist",
            f"/employers/{ids['shelter']}/contacts",
            {"specialist_id": ids["specialist"], "on": "2026-11-20"},
        ),
        ("seeker", f"/seekers/{ids['ana']}/feedback", {"opening_id": ids["walker"], "reaction": "applied"}),
        ("specialist", f"/seekers/{ids['ana']}/judgments", {"employer_id": ids["diner"], "weight": -0.5}),
    ]
    for number, (who, path, body) in enumerate(posts):
        key = {"Idempotency-Key": f"key-{number}"}
        first = program.call(who, "POST", path, json=body, headers=key)
        before = program.snapshot()
        again = program.call(who, "POST", path, json=body, headers=key)
        assert first.status_code == again.status_code == 201 and again.json() == first.json(), path
        assert program.snapshot() == before, path


def test_the_same_feedback_twice_is_one_row(program: Program) -> None:
    path = f"/seekers/{program.ids['ana']}/feedback"
    body = {"opening_id": program.ids["cook"], "reaction": "not_for_me", "reason": "too far"}
    first = program.call("seeker", "POST", path, json=body)
    before = program.snapshot()
    second = program.call("seeker", "POST", path, json=body)
    third = program.call("specialist", "POST", path, json={**body, "reason": "said so in our meeting"})
    assert (first.status_code, second.status_code, third.status_code) == (201, 200, 200)
    assert second.json() == first.json() == third.json()
    assert program.snapshot() == before
    listed = program.call("seeker", "GET", path).json()["items"]
    assert [(f["opening_id"], f["reaction"]) for f in listed] == [(program.ids["cook"], "not_for_me")]
    # A different reaction to the same opening is news, and is kept.
    assert program.call("seeker", "POST", path, json={**body, "reaction": "interested"}).status_code == 201


def test_a_double_tap_at_the_same_moment_creates_one_record(program: Program) -> None:
    key = {"Idempotency-Key": "double-tap"}

    def send(_: int) -> httpx.Response:
        return program.call("job_developer", "POST", "/employers", json={"name": "Corner Bakery"}, headers=key)

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(send, range(6)))
    # The first answer wins; copies that raced it either replay it or are told to send again (409).
    assert {a.status_code for a in answers} <= {201, 409}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    names = [e["name"] for e in program.call("admin", "GET", "/employers").json()["items"]]
    assert names.count("Corner Bakery") == 1
    again = send(0)
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"


def test_the_same_feedback_at_the_same_moment_is_one_row(program: Program) -> None:
    path = f"/seekers/{program.ids['ana']}/feedback"
    body = {"opening_id": program.ids["walker"], "reaction": "interested"}
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: program.call("seeker", "POST", path, json=body), range(6)))
    assert {a.status_code for a in answers} <= {200, 201}, [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(program.call("seeker", "GET", path).json()["items"]) == 1
