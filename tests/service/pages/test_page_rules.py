"""Rules of the pages that hold for any input (hypothesis), and the password and session stores."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import CareerProfile, Conflict, InvalidInput, Role, Shift
from service import passwords, sign_in
from service.pages import preferences_form
from service.pages.web import safe_next
from service.stores import page_sessions, users


@given(st.text(max_size=300))
def test_next_never_leaves_the_site(path: str) -> None:
    kept = safe_next(path)
    assert kept is None or (kept == path and kept.startswith("/") and not kept.startswith("//") and "\\" not in kept)


@given(st.integers(min_value=0, max_value=10_000))
def test_the_pause_never_shrinks_with_more_failures_and_has_a_ceiling(failures: int) -> None:
    now, more = sign_in.lock_for(failures, sign_in.FREE_TRIES), sign_in.lock_for(failures + 1, sign_in.FREE_TRIES)
    assert (now or dt.timedelta(0)) <= (more or dt.timedelta(0)) <= sign_in.LONGEST_LOCK
    assert (now is None) == (failures < sign_in.FREE_TRIES)


_phrase = st.text(st.characters(categories=["L", "N"], include_characters=" -'&"), min_size=1, max_size=40).map(
    str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    job_types=st.lists(_phrase, max_size=6, unique=True), avoid=st.lists(_phrase, max_size=4, unique=True),
    hours=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(40, 80))),
    wage=st.one_of(st.none(), st.decimals(0, 500, places=2).map(float)),
    commute=st.one_of(st.none(), st.integers(1, 500).map(float)),
    shifts=st.lists(st.sampled_from(list(Shift)), unique=True),
)
def test_saving_the_form_as_shown_changes_nothing(job_types, avoid, hours, wage, commute, shifts) -> None:
    """A profile shown on "My preferences" and saved again without edits comes back the same."""
    try:
        profile = CareerProfile(job_types=job_types, avoid=avoid, hours_min=hours[0] if hours else None,
                                hours_max=hours[1] if hours else None, min_wage=wage, max_commute_km=commute,
                                shifts=shifts)
    except ValueError:  # a generated phrase the models refuse (clinical words): not a profile anyone could have
        return
    sent = preferences_form.changes_of(preferences_form.values_of(profile))["profile"]
    again = CareerProfile.model_validate({**profile.model_dump(), **sent})
    assert again == profile


def test_passwords_are_hashed_checked_and_limited() -> None:
    stored = passwords.hash_password("correct horse")
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert passwords.matches("correct horse", stored) and not passwords.matches("correct horsE", stored)
    assert not passwords.matches("correct horse", None) and not passwords.matches("x", "not a hash")
    for bad, words in (("short", "at least 8"), ("x" * 201, "at most 200"), ("nul\x00nul-long", "NUL")):
        with pytest.raises(InvalidInput, match=words):
            passwords.hash_password(bad)
    made = {passwords.generate() for _ in range(50)}
    assert len(made) == 50 and all(len(p) == 14 and p.isalnum() for p in made)


def test_usernames_are_made_from_names_and_kept_unique(database) -> None:
    assert users.username_from("José Núñez-Ortiz") == "jose.nunez.ortiz"
    assert users.username_from("Al") == "al.user"
    for bad in ("a", "-dana", "dana k", "dana@example", "x" * 61):
        with pytest.raises(InvalidInput, match="username"):
            users.clean_username(bad)
    with database.session() as s:
        dana, _ = users.create(s, "Dana K.", Role.specialist)
        other, _ = users.create(s, "Dana K.", Role.admin)
        assert users.set_password(s, dana.id, "password-1") == "dana.k"
        assert users.set_password(s, other.id, "password-2") == "dana.k2"
        assert users.set_password(s, dana.id, "password-3") == "dana.k", "a user keeps their username"
        with pytest.raises(Conflict, match="taken"):
            users.set_password(s, other.id, "password-4", "DANA.K")
        found, stored = users.by_username(s, " Dana.K ")
        assert found == dana and passwords.matches("password-3", stored)
        assert users.by_username(s, "nobody.here") is None


def test_a_page_session_ends_when_it_expires_or_is_ended(database) -> None:
    with database.session() as s:
        user, _ = users.create(s, "Sam", Role.specialist)
        old = page_sessions.start(s, user.id, dt.timedelta(seconds=-1))
        live = page_sessions.start(s, user.id, dt.timedelta(hours=1))
        assert page_sessions.find(s, old) is None
        found, csrf = page_sessions.find(s, live)
        assert found == user and len(csrf) >= 40
        assert page_sessions.count_for(s, user.id) == 1, "a new sign-in removes the user's expired sessions"
        page_sessions.start(s, user.id, dt.timedelta(hours=1))
        assert page_sessions.count_for(s, user.id) == 2, "sessions in other browsers stay"
        page_sessions.end(s, live)
        assert page_sessions.find(s, live) is None
        assert page_sessions.find(s, "") is None and page_sessions.find(s, "x" * 500) is None


def test_old_failures_are_dropped_but_a_running_pause_is_kept(database) -> None:
    from service.stores import sign_in_failures
    from service.tables import utcnow

    now = utcnow()
    with database.session() as s:
        sign_in_failures.record(s, "name:old", now - dt.timedelta(hours=2), forget_after=sign_in.FORGET_AFTER)
        sign_in_failures.record(s, "name:locked", now - dt.timedelta(hours=2), forget_after=sign_in.FORGET_AFTER)
        sign_in_failures.lock(s, "name:locked", now + dt.timedelta(minutes=5))
        sign_in_failures.record(s, "name:recent", now, forget_after=sign_in.FORGET_AFTER)
        assert sign_in_failures.forget_older(s, now - sign_in.FORGET_AFTER) == 1
        assert sign_in_failures.locked_until(s, ["name:locked"], now) is not None
        assert sign_in_failures.record(s, "name:recent", now, forget_after=sign_in.FORGET_AFTER) == 2
        assert sign_in_failures.record(s, "name:old", now, forget_after=sign_in.FORGET_AFTER) == 1
