"""The sign-in lock, attacked: guesses after an empty password, guesses spread over addresses
or over user names, guesses sent at once to a real server, and what the audit trail keeps.

LOGIN_MAX_FAILURES (5) failures of a user name or LOGIN_MAX_FAILURES_PER_ADDRESS (5) from an
address lock it for LOGIN_LOCKOUT_MINUTES (15) after the last of them (zizhu.web.logins).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from tests.security.conftest import PASSWORD, Answer, Server, run_zizhu
from zizhu.cli import main as zizhu_main
from zizhu.core.errors import Code, Refused
from zizhu.core.models import Event
from zizhu.web.logins import login_unlock

pytestmark = pytest.mark.django_db

ID_NUMBER = "44080220080101123X"  # what an official might type into the user name field


def sign_in(client: Client, username: str | None, password: str | None,
            address: str = "10.0.0.1") -> Any:  # fmt: skip
    data = {k: v for k, v in (("username", username), ("password", password)) if v is not None}
    return client.post(reverse("web:login"), data, REMOTE_ADDR=address)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def locked(response: Any) -> bool:
    return response.status_code == 429 and "已被锁定" in response.content.decode()


def failures(**where: str) -> int:
    return AccessAttempt.objects.filter(**where).aggregate(n=Sum("failures_since_start"))["n"] or 0


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("id"))


# The reproductions: each failed on the hand-written lock.


def test_sixteen_wrong_guesses_with_empty_passwords_between_then_the_right_one_are_refused(
    users: None,
):
    # The old lock took an empty password for a sign-in and started counting again after it.
    client = Client()
    for guess in range(16):
        sign_in(client, "wang", f"wrong-guess-{guess}")
        if guess % 4 == 3:
            sign_in(client, "wang", "")
    response = sign_in(client, "wang", PASSWORD)
    assert locked(response) and not signed_in(client)
    assert events("web.login") == []


def test_an_empty_password_does_not_reset_the_count(users: None):
    client = Client()
    for _ in range(4):
        sign_in(client, "wang", "wrong-password")
    sign_in(client, "wang", "")
    assert locked(sign_in(client, "wang", PASSWORD)) and not signed_in(client)


# Empty and missing fields are failures.


@pytest.mark.parametrize(
    ("username", "password"),
    [("wang", ""), ("wang", None), ("", PASSWORD), (None, PASSWORD), (None, None), ("", "")],
    ids=["empty-password", "no-password", "empty-name", "no-name", "nothing", "both-empty"],
)
def test_an_empty_or_missing_field_is_a_counted_failure_never_a_sign_in(
    users: None, username: str | None, password: str | None
):
    client = Client()
    response = sign_in(client, username, password)
    assert response.status_code == 200 and not signed_in(client)
    assert failures(ip_address="10.0.0.1") == 1
    assert Event.objects.filter(action__startswith="web.login").count() == 0


def test_five_empty_passwords_lock_the_user_name(users: None):
    for n in range(5):
        sign_in(Client(), "wang", "", address=f"10.0.1.{n}")
    assert locked(sign_in(Client(), "wang", PASSWORD, address="10.0.1.99"))


# By user name, whatever the address; by address, whatever the user names.


def test_wrong_guesses_from_many_addresses_lock_the_user_name(users: None):
    for n in range(4):
        assert sign_in(Client(), "wang", "wrong", address=f"10.0.2.{n}").status_code == 200
    assert locked(sign_in(Client(), "wang", "wrong", address="10.0.2.4"))  # the 5th locks
    client = Client()
    assert locked(sign_in(client, "wang", PASSWORD, address="10.0.2.200"))
    assert not signed_in(client)
    # Another user is not locked by it.
    assert sign_in(Client(), "li", PASSWORD, address="10.0.2.201").status_code == 302


def test_guesses_spread_over_many_user_names_from_one_address_lock_the_address(users: None):
    for name in ["zhang", "zhao", "sun", "li", "qian"]:
        sign_in(Client(), name, "Password-2019", address="10.0.3.1")
    client = Client()
    assert locked(sign_in(client, "wang", PASSWORD, address="10.0.3.1"))
    assert not signed_in(client)
    # Only that address: wang from elsewhere signs in.
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.3.2").status_code == 302


def test_four_failures_do_not_lock_and_a_sign_in_is_one_event(users: None):
    for _ in range(4):
        sign_in(Client(), "wang", "nope-nope-nope")
    client = Client()
    assert sign_in(client, "wang", PASSWORD).status_code == 302 and signed_in(client)
    [login] = events("web.login")
    assert (login.actor, login.subject, login.detail) == ("web:wang", "wang", {"ip": "10.0.0.1"})
    assert events("web.login_locked") == []


def test_a_sign_in_clears_only_that_names_own_failures_from_that_address(users: None):
    # An attacker with an account of their own guesses at wang, signing in as li between
    # guesses: li's sign-in must not give the guesses at wang back.
    for _ in range(2):
        sign_in(Client(), "wang", "guess", address="10.0.4.1")
    assert sign_in(Client(), "li", PASSWORD, address="10.0.4.1").status_code == 302
    for _ in range(2):
        sign_in(Client(), "wang", "guess", address="10.0.4.1")
    assert sign_in(Client(), "li", PASSWORD, address="10.0.4.1").status_code == 302
    assert failures(username="wang") == 4
    assert locked(sign_in(Client(), "wang", "guess", address="10.0.4.1"))
    assert locked(sign_in(Client(), "wang", PASSWORD, address="10.0.4.9"))


def test_an_officers_own_typing_mistakes_are_forgiven_by_their_sign_in(users: None):
    for _ in range(4):
        sign_in(Client(), "wang", "typo", address="10.0.5.1")
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.5.1").status_code == 302
    assert failures(username="wang") == 0
    for _ in range(4):
        sign_in(Client(), "wang", "typo", address="10.0.5.1")
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.5.1").status_code == 302


def test_the_lock_does_not_say_whether_a_user_name_exists(users: None):
    texts = []
    for name in ("wang", "nobody"):
        for n in range(5):
            sign_in(Client(), name, "wrong", address=f"10.0.6.{n}")
        response = sign_in(Client(), name, PASSWORD, address="10.0.6.100")
        assert locked(response)
        page = response.content.decode().replace(name, "NAME")
        texts.append(re.sub(r"[A-Za-z0-9]{64}", "CSRF-TOKEN", page))
    assert texts[0] == texts[1]


def test_a_huge_or_null_user_name_is_a_counted_failure_not_a_crash(users: None):
    for name in ["x" * 100_000, "wa\x00ng", "王" * 151]:
        response = sign_in(Client(), name, "wrong", address="10.0.7.1")
        assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()
    assert failures(ip_address="10.0.7.1") == 3
    assert all(len(a.username) <= 150 and "\x00" not in a.username
               for a in AccessAttempt.objects.all())  # fmt: skip
    assert Event.objects.filter(action__startswith="web.login").count() == 0


# The lock's time, and its events.


def test_tries_refused_by_the_lock_are_not_counted_and_do_not_lengthen_it(users: None):
    for n in range(5):
        sign_in(Client(), "wang", "wrong", address=f"10.0.8.{n}")
    for n in range(10):
        assert locked(sign_in(Client(), "wang", "wrong", address=f"10.0.9.{n}"))
    assert failures(username="wang") == 5
    assert len(events("web.login_locked")) == 1


def test_the_lock_lasts_the_lockout_minutes_after_the_last_failure(users: None):
    for n in range(5):
        sign_in(Client(), "wang", "wrong", address=f"10.0.10.{n}")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14))
    assert locked(sign_in(Client(), "wang", PASSWORD, address="10.0.10.50"))
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    client = Client()
    assert sign_in(client, "wang", PASSWORD, address="10.0.10.50").status_code == 302
    assert signed_in(client)


def test_a_lock_and_the_first_sign_in_after_it_ran_out_are_events(users: None):
    for n in range(5):
        sign_in(Client(), "wang", "wrong", address=f"10.0.11.{n}")
    [lock] = events("web.login_locked")
    assert (lock.actor, lock.subject) == ("web:wang", "wang")
    assert lock.detail == {"by": "user", "failures": 5, "minutes": 15, "ip": "10.0.11.4"}
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    sign_in(Client(), "wang", PASSWORD, address="10.0.11.9")
    sign_in(Client(), "wang", PASSWORD, address="10.0.11.9")
    [released] = events("web.login_unlocked")
    assert (released.actor, released.subject, released.detail) == (
        "web:wang", "wang", {"by": "expiry"})  # fmt: skip
    assert released.id < events("web.login")[0].id
    assert len(events("web.login")) == 2


def test_an_address_lock_is_an_event_naming_the_address_only(users: None):
    for name in ["zhang", "zhao", "sun", ID_NUMBER, "qian"]:
        sign_in(Client(), name, "wrong", address="10.0.12.1")
    [lock] = events("web.login_locked")
    assert (lock.actor, lock.subject) == ("web", "10.0.12.1")
    assert lock.detail["by"] == "address"


def test_failures_for_an_unknown_name_record_no_event(users: None):
    for n in range(5):  # spread over addresses: the name's lock alone
        sign_in(Client(), ID_NUMBER, "wrong", address=f"10.0.13.{n}")
    assert locked(sign_in(Client(), ID_NUMBER, "wrong", address="10.0.13.99"))
    assert Event.objects.filter(action__startswith="web.login").count() == 0


def test_no_event_holds_a_password_or_a_typed_unknown_name(users: None):
    for n in range(5):
        sign_in(Client(), "wang", f"secret-guess-{n}", address="10.0.14.1")
    sign_in(Client(), ID_NUMBER, "secret-guess-x", address="10.0.14.2")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    sign_in(Client(), "wang", PASSWORD, address="10.0.14.3")
    login_unlock(actor="cli:test", address="10.0.14.1")
    trail = json.dumps([[e.actor, e.action, e.subject, e.counts, e.detail]
                        for e in Event.objects.all()], ensure_ascii=False)  # fmt: skip
    assert "web.login_locked" in trail and "web.login_unlocked" in trail
    for secret in [PASSWORD, "secret-guess", ID_NUMBER, "password"]:
        assert secret not in trail


# Releasing a lock by hand: `zizhu unlock`.


def test_zizhu_unlock_lifts_a_user_names_lock_and_records_who_did(users: None, capsys):
    for n in range(5):
        sign_in(Client(), "wang", "wrong", address=f"10.0.15.{n}")
    assert zizhu_main(["unlock", "wang", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"unlocked": "wang", "failures": 5}
    [released] = events("web.login_unlocked")
    assert released.actor.startswith("cli") and released.subject == "wang"
    assert released.detail == {"by": "command", "failures": 5}
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.15.1").status_code == 302
    assert len(events("web.login_unlocked")) == 1  # the sign-in adds no second release


def test_zizhu_unlock_lifts_an_addresss_lock(users: None):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        sign_in(Client(), name, "wrong", address="10.0.16.1")
    assert locked(sign_in(Client(), "wang", PASSWORD, address="10.0.16.1"))
    assert zizhu_main(["unlock", "--address", "10.0.16.1"]) == 0
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.16.1").status_code == 302


@pytest.mark.parametrize(
    ("args", "code"),
    [(["nobody"], Code.USER_INVALID), (["--address", "10.0.0.300"], Code.ADDRESS_INVALID),
     ([], Code.USER_INVALID), (["wang", "--address", "10.0.0.1"], Code.USER_INVALID)],
    ids=["unknown-user", "bad-address", "neither", "both"],
)  # fmt: skip
def test_zizhu_unlock_refuses_what_it_cannot_unlock_and_changes_nothing(
    users: None, capsys, args: list[str], code: Code
):
    sign_in(Client(), "wang", "wrong")
    before = list(AccessAttempt.objects.values_list("username", "failures_since_start"))
    assert zizhu_main(["unlock", *args, "--json"]) == 3
    assert json.loads(capsys.readouterr().out)["code"] == code
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == before
    assert Event.objects.filter(action="web.login_unlocked").count() == 0


def test_the_unlock_service_refuses_an_unknown_user(users: None):
    with pytest.raises(Refused) as refused:
        login_unlock(actor="t", username="nobody")
    assert refused.value.code == Code.USER_INVALID


def test_the_lock_follows_the_login_settings(users: None, settings):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_MINUTES = 1
    sign_in(Client(), "wang", "wrong", address="10.0.17.1")
    assert locked(sign_in(Client(), "wang", "wrong", address="10.0.17.2"))
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2))
    assert sign_in(Client(), "wang", PASSWORD, address="10.0.17.3").status_code == 302


# Guesses at once, at a real server: gunicorn's processes and threads, the production settings.

GUESSES = 24


def guess_at_once(server: Server, attempts: list[tuple[str, str, dict[str, str]]]) -> list[Answer]:
    """Every attempt (user name, password, headers) from a visitor of its own, each with the
    sign-in page already open, all sent at the same moment."""
    forms = [server.sign_in_form(headers) for _, _, headers in attempts]
    ready = threading.Barrier(len(attempts))
    answers: list[Answer | None] = [None] * len(attempts)

    def send(n: int) -> None:
        username, password, headers = attempts[n]
        cookies, token = forms[n]
        ready.wait()
        answers[n] = server.request("POST", "/login/", cookies=cookies, headers=headers, body={
            "username": username, "password": password, "csrfmiddlewaretoken": token})  # fmt: skip

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(attempts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def counted(server: Server, where: str) -> int:
    [(total,)] = server.query(
        f"SELECT COALESCE(SUM(failures_since_start), 0) FROM axes_accessattempt WHERE {where}"
    )
    return int(total)


def actions(server: Server) -> list[tuple[str, str]]:
    rows = server.query("SELECT action, subject FROM core_event WHERE action LIKE 'web.login%'")
    return sorted((str(a), str(s)) for a, s in rows)


def test_sign_ins_at_once_all_get_in_and_guesses_at_once_stop_at_the_limit(
    start_server: Any,
):
    server = start_server()
    # Officers of one office signing in at the same moment all get in (those beyond the
    # limit wait for the ones being checked), and leave no failure behind.
    officers = guess_at_once(server, [(name, PASSWORD, {}) for name in ["wang", "li"] * 10])
    assert sorted(a.status for a in officers) == [302] * 20
    assert counted(server, "ip_address = '127.0.0.1'") == 0
    assert actions(server) == [("web.login", "li")] * 10 + [("web.login", "wang")] * 10
    # Forged X-Forwarded-For headers change nothing when the server is not behind the proxy.
    attempts = [("wang", f"wrong-{n}", {"X-Forwarded-For": f"192.0.2.{n}"})
                for n in range(GUESSES)]  # fmt: skip
    answers = guess_at_once(server, attempts)
    assert counted(server, "username = 'wang'") == 5  # exactly the limit reached the password
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] * 4 + [429] * (GUESSES - 4), statuses
    refused = server.sign_in("wang", PASSWORD)
    assert refused.status == 429 and "sessionid" not in refused.cookies
    assert [a for a in actions(server) if a[0] != "web.login"] == [
        ("web.login_locked", "127.0.0.1"), ("web.login_locked", "wang")]  # fmt: skip


def test_guesses_sent_at_once_behind_the_proxy_are_limited_by_name_and_by_address(
    start_server: Any,
):
    server = start_server("--https")
    proxy = {"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{server.port}"}

    def via(address: str) -> dict[str, str]:
        return {**proxy, "X-Forwarded-For": f"203.0.113.77, {address}"}

    # One user name from many addresses, and many user names from one address, at once.
    answers = guess_at_once(
        server,
        [("wang", f"wrong-{n}", via(f"198.51.100.{n}")) for n in range(GUESSES)]
        + [(f"user{n}", "Wrong-2019", via("192.0.2.50")) for n in range(GUESSES)],
    )
    assert all(a.status in (200, 429) for a in answers)
    assert counted(server, "username = 'wang'") == 5
    assert counted(server, "ip_address = '192.0.2.50'") == 5
    assert server.sign_in("wang", PASSWORD, headers=via("198.51.100.250")).status == 429
    assert server.sign_in("li", PASSWORD, headers=via("192.0.2.50")).status == 429
    signed = server.sign_in("li", PASSWORD, headers=via("198.51.100.251"))
    assert signed.status == 302 and "sessionid" in signed.cookies
    assert actions(server) == [("web.login", "li"), ("web.login_locked", "192.0.2.50"),
                               ("web.login_locked", "wang")]  # fmt: skip
    run_zizhu(server.database, server.var, "unlock", "wang")
    assert server.sign_in("wang", PASSWORD, headers=via("198.51.100.250")).status == 302
