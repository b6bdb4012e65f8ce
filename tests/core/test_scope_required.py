"""Scope is a value that must be passed: every selector and service that reads or writes
people, lists, payments, findings or figures takes `scope` as a keyword with no default, and
none takes an optional county or school that would mean "the whole city" when forgotten."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import zizhu
from zizhu.core.scope import Scope

# Parameters that name one record of a person, a list, a payment or a finding: a function that
# takes one must also take the scope it is read or changed in.
RECORD_KEYS = {
    "person_id", "entitlement_id", "enrolment_id", "finding_id", "mismatch_id", "entitlement_ids",
}  # fmt: skip
# Parameters that would narrow to a jurisdiction outside `scope`.
JURISDICTION = {"county", "counties", "school", "schools"}


def public_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function of every area's `selectors` and `services`."""
    for module_info in pkgutil.walk_packages(zizhu.__path__, "zizhu."):
        name = module_info.name
        if not name.endswith((".selectors", ".services")):
            continue
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if attribute.startswith("_") or not inspect.isfunction(value):
                continue
            if not value.__module__.startswith("zizhu."):
                continue
            yield f"{name}.{attribute}", value


def test_the_walk_finds_the_selectors_and_services() -> None:
    found = dict(public_functions())
    assert "zizhu.aid.selectors.entitlement_rows" in found
    assert "zizhu.registry.services.payee_account_change" in found
    assert len(found) > 40


def test_no_scope_has_a_default_and_every_scope_is_keyword_only() -> None:
    wrong = []
    for name, function in public_functions():
        scope = inspect.signature(function).parameters.get("scope")
        if scope is None:
            continue
        if scope.default is not inspect.Parameter.empty:
            wrong.append(f"{name}: scope has a default")
        if scope.kind is not inspect.Parameter.KEYWORD_ONLY:
            wrong.append(f"{name}: scope is not keyword-only")
        if scope.annotation not in (Scope, "Scope"):
            wrong.append(f"{name}: scope is not a Scope")
    assert wrong == []


def test_no_function_takes_an_optional_county_or_school_instead_of_a_scope() -> None:
    wrong = [
        f"{name}: {parameter.name}"
        for name, function in public_functions()
        for parameter in inspect.signature(function).parameters.values()
        if parameter.name in JURISDICTION and parameter.default is None
    ]
    assert wrong == []


def test_a_function_that_takes_a_record_takes_its_scope() -> None:
    wrong = [
        name
        for name, function in public_functions()
        if RECORD_KEYS & set(inspect.signature(function).parameters)
        and "scope" not in inspect.signature(function).parameters
    ]
    assert wrong == []
