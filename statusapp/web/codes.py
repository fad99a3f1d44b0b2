"""A code's own fields: the forms to edit, add and delete a code."""

from flask import Blueprint, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

from statusapp.models import REGISTRY_STATUSES
from statusapp.services import Conflict, InvalidValue, StaleVersion, codes
from statusapp.services.fields import LIMITS
from statusapp.web.access import admin_required, editor_required, me, render_form
from statusapp.web.conflicts import edit_conflict
from statusapp.web.forms import (
    LINE_BREAK,
    REGISTRY_STATUS_NAMES,
    BaseForm,
    DeleteForm,
    LinesField,
    VersionField,
)

bp = Blueprint("codes", __name__)


class ItemLinesField(TextAreaField):
    """One of a code's lists of records (codes.ITEM_PARTS), an item a line and
    its four parts separated by "|". The third part may hold "|" itself: a
    line's first two parts and its last are split off, the rest is the third.
    """

    def __init__(self, label, kind: str, **kwargs):
        super().__init__(label, **kwargs)
        self.kind = kind
        self.text: str | None = None
        self.line_numbers: list[int] = []
        self.line_errors: list[str] = []

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        self.text = valuelist[0]
        parts = codes.ITEM_PARTS[self.kind]
        self.data, self.line_numbers, self.line_errors = [], [], []
        for number, line in enumerate(LINE_BREAK.split(valuelist[0]), start=1):
            if not line.strip():
                continue
            pieces = line.split("|")
            if len(pieces) < len(parts):
                self.line_errors.append(
                    _(
                        "Line %(number)s: write %(parts)s, separated by |.",
                        number=number,
                        parts=" | ".join(parts),
                    )
                )
                continue
            pieces = [pieces[0], pieces[1], "|".join(pieces[2:-1]), pieces[-1]]
            self.data.append(dict(zip(parts, pieces, strict=True)))
            self.line_numbers.append(number)

    def pre_validate(self, form):
        # The services' rules, checked here only to name the line at fault.
        self.errors.extend(self.line_errors)
        _items, problems = codes.clean_items(self.kind, self.data or [])
        for problem in problems:
            number = problem[0]
            where = (
                _("Line %(number)s", number=self.line_numbers[number - 1])
                if (number and number <= len(self.line_numbers))
                else ""
            )
            self.errors.append(codes.item_problem_text(problem, where))

    def _value(self):
        if self.text is not None:
            return self.text
        parts = codes.ITEM_PARTS[self.kind]
        return "\n".join(
            " | ".join(str(item.get(part) or "") for part in parts)
            for item in self.data or []
            if isinstance(item, dict)
        )


class CodeFieldsForm(BaseForm):
    reason_phrase = StringField(
        _l("Reason phrase"),
        render_kw={
            "required": True,
            "maxlength": LIMITS["reason_phrase"],
            "autocomplete": "off",
        },
    )
    aliases = LinesField(
        _l("Other names"),
        description=_l("One per line: older or unofficial phrases for this code."),
        render_kw={"rows": 3},
    )
    reference = StringField(
        _l("Reference"),
        description=_l("Where the code is defined, such as RFC 9110, Section 15.5.5."),
        render_kw={"maxlength": LIMITS["reference"]},
    )
    reference_url = StringField(
        _l("Reference URL"),
        description=_l("An http or https link to that definition."),
        render_kw={
            "type": "url",
            "maxlength": LIMITS["reference_url"],
            "inputmode": "url",
        },
    )
    registry_status = SelectField(
        _l("Registry status"),
        choices=[
            SelectChoice(s, REGISTRY_STATUS_NAMES.get(s, s)) for s in REGISTRY_STATUSES
        ],
    )
    header_rules = ItemLinesField(
        _l("Header fields"),
        "header_rules",
        description=_l(
            "One per line: field name | must, should or may | reference | URL, "
            "such as Retry-After | may | RFC 9110, Section 15.6.4 | "
            "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4"
        ),
        render_kw={"rows": 4, "spellcheck": "false"},
    )
    usages = ItemLinesField(
        _l("Vendors' uses"),
        "usages",
        description=_l(
            "One per line: vendor | phrase | meaning, in English | URL of the "
            "vendor's documentation, such as nginx | Client Closed Request | "
            "… | https://nginx.org/en/docs/"
        ),
        render_kw={"rows": 4},
    )

    def code_data(self) -> dict:
        return {
            "reason_phrase": self.reason_phrase.data,
            "aliases": self.aliases.data or [],
            "reference": self.reference.data,
            "reference_url": self.reference_url.data,
            "registry_status": self.registry_status.data,
            "header_rules": self.header_rules.data or [],
            "usages": self.usages.data or [],
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


@bp.route("/codes/<code:code>/edit", methods=["GET", "POST"])
@editor_required
def edit_code(code: int):
    """Change a code's phrase, other names, reference, status, header fields and
    vendors' uses."""
    record = codes.get_code_record(code)
    form = CodeForm(obj=record)
    status = None
    conflict = None
    if form.validate_on_submit():
        before = record.version
        try:
            codes.update_code(code, form.code_data(), me(), form.version.data)
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except StaleVersion:
            record = codes.get_code_record(code)
            conflict = edit_conflict("code", record, str(code), form.code_data())
            form.version.data = record.version
            status = 409
        else:
            if record.version == before:
                flash(
                    _(
                        "Nothing changed in %(code)s: the form matched what is saved.",
                        code=code,
                    )
                )
            else:
                flash(
                    _(
                        "Saved your changes to %(code)s %(phrase)s.",
                        code=code,
                        phrase=record.reason_phrase,
                    )
                )
            return redirect(url_for("web.catalogue.code_detail", code=code))
    return render_form(
        "codes/edit.html", form, status, record=record, conflict=conflict
    )


@bp.route("/codes/new", methods=["GET", "POST"])
@admin_required
def new_code():
    """Add a status code to the catalogue."""
    form = NewCodeForm()
    if form.validate_on_submit():
        try:
            record = codes.create_code(form.code_data(), me())
        except InvalidValue as exc:
            form.add_errors(exc.errors)
        except Conflict:
            taken = _("%(code)s is already in the catalogue.", code=form.code.data)
            form.add_errors({"code": [taken]})
        else:
            flash(
                _(
                    "Added %(code)s %(phrase)s.",
                    code=record.code,
                    phrase=record.reason_phrase,
                )
            )
            return redirect(url_for("web.catalogue.code_detail", code=record.code))
    return render_form("codes/new.html", form)


@bp.route("/codes/<code:code>/delete", methods=["GET", "POST"])
@admin_required
def delete_code(code: int):
    """Delete a code with its translations and notes, after a confirmation."""
    record = codes.get_code_record(code)
    form = DeleteForm(obj=record)
    status = None
    stale = False
    if form.validate_on_submit():
        try:
            codes.delete_code(code, me(), form.version.data)
        except StaleVersion:
            record = codes.get_code_record(code)
            form.version.data = record.version
            stale, status = True, 409
        else:
            flash(_("Deleted %(code)s with its translations and notes.", code=code))
            return redirect(url_for("web.catalogue.index"))
    return render_form("codes/delete.html", form, status, record=record, stale=stale)
