"""Every text field of every form has a limit (docs/conventions.md, "Text limits"): the project's
forms, the fields forms add as they are made, and the admin's forms, so no page accepts a text
longer than the limit documented for it."""

import ast
import importlib
import pkgutil
import types
from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import ResolverMatch

import thrivegrids
from thrivegrids.accounts.forms import SignInForm
from thrivegrids.grids.forms import CellForm, GridVersionForm, LocalOptionDetailForm
from thrivegrids.records.forms import YoungPersonForm

ROOT = Path(thrivegrids.__file__).parent
# Form fields that take free text (forms.CharField and the fields built on it).
TEXT_FIELDS = ("CharField", "SlugField", "RegexField", "URLField", "JSONField", "UUIDField")

for module in pkgutil.walk_packages(thrivegrids.__path__, "thrivegrids."):
    if module.name.rsplit(".", 1)[-1] in ("forms", "admin"):
        importlib.import_module(module.name)


def limit_of(field):
    """A field's limit: Django's max_length, or the limit of a field that counts for itself
    (core.forms.LimitedText, shown with the NHS.UK character count). A UUID field takes
    nothing but a UUID (and max_length would count the UUID object it makes, and fail)."""
    if isinstance(field, forms.UUIDField):
        return len("urn:uuid:") + 36
    return field.max_length or getattr(field, "limit", None)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _fields(form_class):
    """The fields of a form as made (AuthenticationForm sets the username's limit then), or as
    declared when it cannot be made without arguments."""
    try:
        return form_class().fields
    except Exception:  # noqa: BLE001 (needs arguments, or the database, to be made)
        return form_class.base_fields


def project_forms():
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("thrivegrids.")}
    return sorted(found, key=lambda c: (c.__module__, c.__qualname__))


def _staff_request():
    request = RequestFactory().get("/admin/")
    request.user = types.SimpleNamespace(
        is_active=True, is_staff=True, is_superuser=True, pk=1, has_perm=lambda *a, **k: True
    )
    request.resolver_match = ResolverMatch(lambda request: None, (), {})
    return request


def admin_forms():
    """(name, form class) of every add form of the admin, with its inlines' forms."""
    request, found = _staff_request(), []
    for model, model_admin in admin.site._registry.items():
        if not model.__module__.startswith("thrivegrids."):
            continue
        found.append((f"admin {model.__name__}", model_admin.get_form(request)))
        for inline in model_admin.get_inline_instances(request):
            formset = inline.get_formset(request)
            found.append((f"admin {model.__name__} {inline.model.__name__}", formset.form))
    return found


def text_fields():
    """(id, form class name, field) for each text field of every form."""
    forms_ = [(f"{c.__module__}.{c.__qualname__}", c) for c in project_forms()] + admin_forms()
    return [
        (f"{name}.{field_name}", field)
        for name, form_class in forms_
        for field_name, field in _fields(form_class).items()
        if isinstance(field, forms.CharField)
    ]


# Not this change's to fix: each is strict, so it fails once the field has a limit.
# Text fields limited elsewhere than in the form: none left (name -> why, marked strict xfail).
ELSEWHERE = {}
TEXT_FIELDS_FOUND = text_fields()


def _marked(name, field):
    if name in ELSEWHERE:
        return pytest.param(
            field, id=name, marks=pytest.mark.xfail(strict=True, reason=ELSEWHERE[name])
        )
    return pytest.param(field, id=name)


def test_the_walk_finds_the_forms_and_their_text_fields():
    names = {name for name, _field in TEXT_FIELDS_FOUND}

    assert {SignInForm, YoungPersonForm, GridVersionForm, CellForm} <= set(project_forms())
    assert "thrivegrids.accounts.forms.SignInForm.password" in names
    assert "admin GridVersion Cell.text" in names
    assert "admin LocalOptionDetail.note" in names
    assert set(ELSEWHERE) <= names


@pytest.mark.parametrize("field", [_marked(name, field) for name, field in TEXT_FIELDS_FOUND])
def test_every_text_field_of_every_form_has_a_limit(field):
    assert limit_of(field)


def _calls_in_functions(tree):
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            yield from (node for node in ast.walk(function) if isinstance(node, ast.Call))


def _calls_without_a_limit(path):
    """Calls of `forms.<a text field>(...)` in functions, without max_length."""
    for node in _calls_in_functions(ast.parse(path.read_text(encoding="utf-8"))):
        function = node.func
        if not isinstance(function, ast.Attribute) or not isinstance(function.value, ast.Name):
            continue
        if function.value.id != "forms":
            continue
        name = function.attr
        keywords = {keyword.arg for keyword in node.keywords}
        if name in TEXT_FIELDS and not keywords & {"max_length", None}:  # None: **kwargs
            yield f"{path.relative_to(ROOT)}:{node.lineno}: {name}"


def test_every_text_field_made_as_a_form_is_made_has_a_limit():
    """Fields added in a function (a voice's "what matters") are not in the class the walk
    above reads: every text field made in a function passes max_length."""
    modules = [p for p in ROOT.rglob("*.py") if "migrations" not in p.parts]

    assert [call for path in modules for call in _calls_without_a_limit(path)] == []


# The messages beside the field, in this project's words.


def test_a_local_note_over_its_limit_is_refused_beside_it():
    form = LocalOptionDetailForm(data={"note": "x" * 1_001})

    assert form.errors["note"] == ["The note must be 1,000 characters or fewer"]


def test_a_grid_title_over_its_limit_is_refused_in_the_admin_beside_the_text():
    form = GridVersionForm(data={"text": '{"en": {"title": "%s"}}' % ("x" * 151)})

    assert form.errors["text"] == ["en title must be 150 characters or fewer (it has 151)"]


def test_a_20_mb_cell_is_refused_in_the_admin_before_its_json_is_read(monkeypatch):
    def read_json(*args, **kwargs):
        raise AssertionError("the JSON of a 20 MB cell was read")

    monkeypatch.setattr(forms.fields.json, "loads", read_json)
    form = CellForm(data={"text": '{"en": "%s"}' % ("x" * 20_000_000)})

    [error] = form.errors["text"]
    assert error.startswith("This must be ") and "(it has 20,000,010)" in error


def test_a_password_over_its_limit_is_refused_beside_it():
    form = SignInForm(data={"username": "someone", "password": "x" * 1_001})

    assert form.errors["password"] == ["Password must be 1,000 characters or fewer"]
