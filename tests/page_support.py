"""Reading HTML pages in tests: a small element tree, and the English interface."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
# The interface is Chinese unless asked otherwise; tests of English interface
# text ask for it, and so get English content too.
ENGLISH = {"Accept-Language": "en"}
# What a browser asks for; the catalogue's URLs answer plain text without it,
# so the test client sends it on pages (conftest.BrowserClient).
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Element:
    """An HTML element: its tag, attributes and children (elements and text)."""

    def __init__(self, tag: str, attrs: dict, parent=None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Elements with this tag whose attributes hold these values
        (class_ matches one class among several)."""
        found = []
        for el in self.iter():
            if tag and el.tag != tag:
                continue
            wanted = {k.rstrip("_"): v for k, v in attrs.items()}
            if "class" in wanted and wanted.pop("class") not in el.classes:
                continue
            if all(el.attrs.get(k) == v for k, v in wanted.items()):
                found.append(el)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Element":
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text if isinstance(child, Element) else child)
        return " ".join(" ".join(parts).split())


class TreeBuilder(HTMLParser):
    """Builds an Element tree, closing elements the way browsers do."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response) -> Element:
    """The element tree of a response's HTML."""
    builder = TreeBuilder()
    builder.feed(response.get_data(as_text=True))
    return builder.root
