"""Helpers that turn Django forms into what the NHS.UK macros take (see jinja2/core/forms.jinja)."""


def error_list(form):
    """The error summary's list: form-wide errors, then each field's, linking to the field."""
    items = [{"text": str(error)} for error in form.non_field_errors()]
    for field in form:
        items.extend({"text": str(error), "href": f"#{field.auto_id}"} for error in field.errors)
    return items


def choice_items(field, selected_key="checked"):
    """Radio or select items for a bound field, marking the current value."""
    value = field.value()
    current = "" if value is None else str(value)
    return [
        {"value": choice, "text": str(label), selected_key: str(choice) == current}
        for choice, label in field.field.choices
        if not (selected_key == "checked" and choice == "")
    ]
