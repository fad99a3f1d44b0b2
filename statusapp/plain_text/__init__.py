"""Plain text for terminals: a code's card and the list, under 80 columns.

``layout`` measures and wraps text by display columns; ``cards`` builds the
answers from the catalogue's codes. No ANSI escapes are written: the output is
for pipes as much as for eyes.
"""

from statusapp.plain_text.cards import code_card, code_list, unknown_code
from statusapp.plain_text.layout import (
    display_width,
    markdown_lines,
    paragraph_lines,
    truncate,
    wrap,
)

__all__ = [
    "code_card",
    "code_list",
    "display_width",
    "markdown_lines",
    "paragraph_lines",
    "truncate",
    "unknown_code",
    "wrap",
]
