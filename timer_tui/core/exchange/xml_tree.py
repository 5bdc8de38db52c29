"""Reading XML from other tools' files safely, with a line for every element.

ZWO files come from anywhere (a forum post, a download), so they are parsed with
``defusedxml``: a DTD is refused outright, which stops entity expansion ("billion
laughs"), external entities (reading local files) and network fetches before any
of them can happen. The SAX parser gives each element its line and column, which
ElementTree does not keep, so every later error points at the element it is about.
"""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass, field
from xml.sax.xmlreader import AttributesImpl, Locator

from defusedxml import DefusedXmlException
from defusedxml.sax import parseString

MAX_DEPTH = 16
"""ZWO nests three deep (workout_file > workout > SteadyState > textevent)."""
MAX_TEXT = 100_000
"""Characters kept of one element's text: a description, not a book."""


@dataclass(slots=True)
class XmlNode:
    tag: str
    attrs: dict[str, str]
    line: int
    col: int
    children: list[XmlNode] = field(default_factory=list)
    text: str = ""


class XmlProblem(Exception):
    """The file is not well-formed or safe XML; ``line`` and ``col`` say where."""

    def __init__(self, message: str, line: int = 1, col: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


class _Builder(xml.sax.handler.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: XmlNode | None = None
        self.stack: list[XmlNode] = []
        self.locator: Locator | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def _where(self) -> tuple[int, int]:
        if self.locator is None:  # pragma: no cover - expat always sets one
            return 1, 1
        return self.locator.getLineNumber() or 1, (self.locator.getColumnNumber() or 0) + 1

    def startElement(self, name: str, attrs: AttributesImpl) -> None:
        line, col = self._where()
        if len(self.stack) >= MAX_DEPTH:
            raise XmlProblem(f"elements nested more than {MAX_DEPTH} deep", line, col)
        node = XmlNode(name, {k: attrs[k] for k in attrs.getNames()}, line, col)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def endElement(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack and len(self.stack[-1].text) < MAX_TEXT:
            self.stack[-1].text += content


def parse_xml(data: bytes) -> XmlNode:
    """The document's root element, or XmlProblem saying what is wrong and where."""
    builder = _Builder()
    try:
        parseString(data, builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except xml.sax.SAXParseException as exc:
        line = exc.getLineNumber() or 1
        col = (exc.getColumnNumber() or 0) + 1
        raise XmlProblem(f"not well-formed XML: {exc.getMessage()}", line, col) from None
    except DefusedXmlException as exc:
        line = getattr(exc, "line", None) or getattr(builder.locator, "getLineNumber", lambda: 1)()
        raise XmlProblem(
            "the file declares a DTD or entities, which a workout never needs; "
            f"refused without reading them ({type(exc).__name__})",
            line or 1,
        ) from None
    if builder.root is None:  # pragma: no cover - expat reports an empty document
        raise XmlProblem("the file holds no XML element")
    return builder.root
