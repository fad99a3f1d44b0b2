"""The HTML forms: they check only the shape of what was posted.

The rules (a phrase is 1 to 100 characters, a URL is http or https...) live
in statusapp.services.editing, so the forms and the JSON API cannot drift;
``add_errors`` puts a service's field errors back onto the form.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from statusapp.models import REGISTRY_STATUSES, ROLES

# The stored values are English words; readers see them in their language.
REGISTRY_STATUS_NAMES = {
    "permanent": _l("permanent"),
    "deprecated": _l("deprecated"),
    "obsoleted": _l("obsoleted"),
    "unused": _l("unused"),
    "unregistered": _l("unregistered"),
}
ROLE_NAMES = {"editor": _l("editor"), "admin": _l("admin")}
TRANSLATION_STATE_NAMES = {
    "reviewed": _l("Reviewed"),
    "draft": _l("Draft"),
    "outdated": _l("Outdated"),
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
            self.data = [line.strip() for line in valuelist[0].splitlines()]
            self.data = [line for line in self.data if line]

    def _value(self):
        return "\n".join(self.data or [])


class BaseForm(FlaskForm):
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


class StatusForm(BaseForm):
    """A review button: the state to give a text, and its version when shown."""

    status = HiddenField()
    version = VersionField()


class CodeFieldsForm(BaseForm):
    reason_phrase = StringField(
        _l("Reason phrase"),
        render_kw={"required": True, "maxlength": 100, "autocomplete": "off"},
    )
    aliases = LinesField(
        _l("Other names"),
        description=_l("One per line: older or unofficial phrases for this code."),
        render_kw={"rows": 3},
    )
    reference = StringField(
        _l("Reference"),
        description=_l("Where the code is defined, such as RFC 9110, Section 15.5.5."),
        render_kw={"maxlength": 200},
    )
    reference_url = StringField(
        _l("Reference URL"),
        description=_l("An http or https link to that definition."),
        render_kw={"type": "url", "maxlength": 500, "inputmode": "url"},
    )
    registry_status = SelectField(
        _l("Registry status"),
        choices=[
            SelectChoice(s, REGISTRY_STATUS_NAMES.get(s, s)) for s in REGISTRY_STATUSES
        ],
    )

    def code_data(self) -> dict:
        return {
            "reason_phrase": self.reason_phrase.data,
            "aliases": self.aliases.data or [],
            "reference": self.reference.data,
            "reference_url": self.reference_url.data,
            "registry_status": self.registry_status.data,
        }


class CodeForm(CodeFieldsForm):
    version = VersionField()


class NewCodeForm(CodeFieldsForm):
    code = IntegerField(
        _l("Code"),
        description=_l("A number from 100 to 599 that is not in the catalogue yet."),
        invalid_value_message=_l("A status code is a whole number from 100 to 599."),
        # A text box, so that what was typed is shown back even when not a number.
        widget=TextInput(),
        render_kw={"required": True, "inputmode": "numeric", "maxlength": 3},
    )

    def code_data(self) -> dict:
        return {"code": self.code.data, **super().code_data()}


class TranslationForm(BaseForm):
    title = StringField(
        _l("Title"),
        description=_l("The code's name in this language (optional)."),
        render_kw={"maxlength": 200, "autocomplete": "off"},
    )
    description = TextAreaField(
        _l("Description"), render_kw={"required": True, "rows": 10}
    )
    # 0 stands for "there was no translation when the form was loaded".
    version = VersionField()

    def translation_data(self) -> dict:
        return {"title": self.title.data, "description": self.description.data}


class LanguageForm(BaseForm):
    """Pick the language of a new translation (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    lang = StringField(
        _l("Language tag"),
        description=_l("A BCP 47 tag such as ja, de or zh-TW."),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 35},
    )


class NoteForm(BaseForm):
    body = TextAreaField(
        _l("Note"),
        description=_l(
            "Markdown: **bold**, *italic*, [links](https://example.com), lists. "
            "Scripts and raw HTML are removed."
        ),
        render_kw={"required": True, "rows": 8},
    )
    lang = StringField(
        _l("Language of the note"),
        description=_l(
            "A BCP 47 tag such as en or zh-CN; leave empty if it does not matter."
        ),
        render_kw={"autocomplete": "off", "maxlength": 35},
    )
    save = SubmitField(_l("Save note"))
    preview = SubmitField(_l("Preview"))

    def note_data(self) -> dict:
        return {"body": self.body.data, "lang": self.lang.data or None}


class EditNoteForm(NoteForm):
    version = VersionField()


class DeleteForm(BaseForm):
    """Confirm a deletion of the version shown on the confirmation page."""

    version = VersionField()


class UserForm(BaseForm):
    username = StringField(
        _l("Username"),
        description=_l("2 to 40 letters, digits, '.', '_' or '-'."),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 40},
    )
    password = PasswordField(
        _l("Password"),
        description=_l("At least 10 characters. Give it to the person privately."),
        render_kw={"required": True, "autocomplete": "new-password"},
    )
    role = SelectField(
        _l("Role"), choices=[SelectChoice(r, ROLE_NAMES.get(r, r)) for r in ROLES]
    )


class NewLanguageForm(BaseForm):
    tag = StringField(
        _l("Language tag"),
        description=_l("A BCP 47 tag, such as ja, fr or pt-BR."),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 35},
    )
    name = StringField(
        _l("Name in English"),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 100},
    )
    native_name = StringField(
        _l("Name in the language itself"),
        description=_l("Readers pick languages by this name, such as 日本語."),
        render_kw={"required": True, "autocomplete": "off", "maxlength": 100},
    )

    def language_data(self) -> dict:
        return {
            "tag": self.tag.data or "",
            "name": self.name.data or "",
            "native_name": self.native_name.data or "",
        }
