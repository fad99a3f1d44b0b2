"""What every HTML form shares; each page's own forms live beside its views.

The forms check only the shape of what was posted. The rules (a phrase is 1
to 100 characters, a URL is http or https...) live in statusapp.services, so
the forms and the JSON API cannot drift; ``add_errors`` puts a service's field
errors back onto the form. The one rule the forms apply themselves, to every
text field of every form, is the services' character rule (no control
characters; no line breaks but in a multi-line field), so that a field the
services never see, such as a hidden one, is held to it too.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import ValidationError

from statusapp.services.fields import is_multiline, text_problem
from statusapp.services.language_tags import MAX_LANGUAGE_TAG

# The line breaks a browser sends in a textarea; any other separator stays in
# its line, for the character rule to refuse.
LINE_BREAK = re.compile(r"\r\n|\r|\n")

# The stored values are English words; readers see them in their language.
REGISTRY_STATUS_NAMES = {
    "permanent": _l("permanent"),
    "deprecated": _l("deprecated"),
    "obsoleted": _l("obsoleted"),
    "unused": _l("unused"),
    "unregistered": _l("unregistered"),
}
ROLE_NAMES = {"editor": _l("editor"), "admin": _l("admin")}
# How strongly a specification attaches a header field to a status (the
# keywords of RFC 2119, as a header rule stores them).
HEADER_RULE_NAMES = {
    "must": _l("must be sent"),
    "should": _l("should be sent"),
    "may": _l("may be sent"),
}
TRANSLATION_STATE_NAMES = {
    "reviewed": _l("Reviewed"),
    "draft": _l("Draft"),
    "outdated": _l("Outdated"),
    "disputed": _l("Disputed"),
    "missing": _l("Missing"),
}


class VersionField(HiddenField):
    """The version of the record the form was loaded at."""

    def process_formdata(self, valuelist):
        # A submission without its version must not pass for the current one.
        try:
            self.data = int(valuelist[0]) if valuelist else None
        except ValueError:
            self.data = None

    def pre_validate(self, form):
        if not isinstance(self.data, int):
            raise ValidationError(
                _l(
                    "This form lacks the version it was loaded at; reload the "
                    "page and make your change again."
                )
            )

    def _value(self):
        return "" if self.data is None else str(self.data)


class LinesField(TextAreaField):
    """A list of short texts, one per line."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.data = [line.strip() for line in LINE_BREAK.split(valuelist[0])]
            self.data = [line for line in self.data if line]

    def _value(self):
        return "\n".join(self.data or [])


def language_tag_field(description: str) -> StringField:
    """A required text box for a language tag, as long as the tag rule allows."""
    return StringField(
        _l("Language tag"),
        description=description,
        render_kw={
            "required": True,
            "autocomplete": "off",
            "maxlength": MAX_LANGUAGE_TAG,
        },
    )


def text_field_problem(field) -> str | None:
    """Say what keeps a text field's value out, by the services' character rule.

    A list field (one text per line) is checked a line at a time, each line
    as one line. Passwords are secrets, compared and never shown: the account
    rules decide what they may hold.
    """
    if isinstance(field, PasswordField):
        return None
    values = field.data if isinstance(field.data, list) else [field.data]
    multiline = is_multiline(field.short_name) and not isinstance(field, LinesField)
    for value in values:
        if isinstance(value, str):
            if problem := text_problem(value.strip(), multiline=multiline):
                return problem
    return None


class BaseForm(FlaskForm):
    def validate(self, extra_validators=None) -> bool:
        """Validate as WTForms does, then hold every text field to the character
        rule."""
        valid = super().validate(extra_validators)
        for field in self:
            if not field.errors and (problem := text_field_problem(field)):
                self.add_errors({field.name: [problem]})
                valid = False
        return valid

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Show a service's field errors on the matching fields, others on top."""
        for name, messages in errors.items():
            field = self._fields.get(name)
            if field is None or isinstance(field, HiddenField):
                self.form_errors.extend(messages)
            else:
                field.errors = [*field.errors, *messages]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


class ButtonForm(BaseForm):
    """An empty form: a POST-only button (revert, activate) with its CSRF token."""


class DeleteForm(BaseForm):
    """Confirm a deletion of the version shown on the confirmation page."""

    version = VersionField()
