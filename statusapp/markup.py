"""Markdown for notes: rendered, then sanitised so that no markup can run."""

import markdown
import nh3
from markdown.extensions.tables import TableExtension
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
# A table column's alignment is its cells' one attribute, written as align=
# rather than style=, so that no CSS comes from a note; nh3 drops every other
# attribute (style, on*...) whatever the tag.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALIGNMENTS = {"left", "center", "right"}
EXTENSIONS = [TableExtension(use_align_attribute=True)]


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "align" and value not in ALIGNMENTS:
        return None
    return value


def render_markdown(source: str) -> Markup:
    """Return safe HTML for Markdown ``source``."""
    html = markdown.markdown(source, output_format="html", extensions=EXTENSIONS)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return Markup(clean)
