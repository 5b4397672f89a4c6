"""Assert on the element, not the page: find elements of a rendered page by test id, id, tag or
attribute, and read their text and attributes.

`"12" in html` passes when 12 is anywhere (a date, a count, a CSS class); these helpers make a
test name the element that holds the figure or the state. Built on Django's own HTML parser
(django.test.html, the one behind assertHTMLEqual), so no other dependency.

>>> root = page('<main><p data-testid="total" class="figure">1.234 <b>%</b></p><input name="q" disabled></main>')
>>> text(one(root, testid="total"))
'1.234 %'
>>> one(root, tag="input", name="q").attributes
[('disabled', None), ('name', 'q')]
>>> has(one(root, name="q"), "disabled")
True
>>> every(root, testid="missing")
[]
"""

from django.test.html import Element, parse_html

_ANY = object()


def page(response_or_html) -> Element:
    """The parsed page of a test-client response (or of an HTML string)."""
    if isinstance(response_or_html, str):
        return parse_html(response_or_html)
    return parse_html(response_or_html.content.decode())


def _matches(element: Element, tag: str | None, attrs: dict[str, object]) -> bool:
    if tag is not None and element.name != tag:
        return False
    present = dict(element.attributes)
    for name, wanted in attrs.items():
        if name not in present:
            return False
        if wanted is not _ANY and present[name] != wanted:
            return False
    return True


def every(root: Element, *, tag: str | None = None, testid: str | None = None, **attrs: object) -> list[Element]:
    """Every element under *root* (itself included) with the tag and attributes; ``testid`` is
    ``data-testid``, and ``data_x`` stands for ``data-x``. An attribute given as ``...`` only
    has to be present."""
    wanted = {name.replace("_", "-"): _ANY if value is ... else value for name, value in attrs.items()}
    if testid is not None:
        wanted["data-testid"] = testid
    found: list[Element] = []
    stack: list[Element | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            continue
        if _matches(node, tag, wanted):
            found.append(node)
        stack.extend(reversed(node.children))
    return found


def one(root: Element, **query: object) -> Element:
    """The single element matching *query* (see :func:`every`); fails if there are none or several."""
    found = every(root, **query)  # type: ignore[arg-type]
    assert len(found) == 1, f"expected one element for {query}, found {len(found)}"
    return found[0]


def text(element: Element) -> str:
    """The element's text, its descendants' included, with runs of whitespace as one space."""
    parts: list[str] = []
    stack: list[Element | str] = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
        else:
            stack.extend(reversed(node.children))
    return " ".join(" ".join(parts).split())


def attr(element: Element, name: str) -> str | None:
    """The value of attribute *name*, or None when it is absent or has no value."""
    return dict(element.attributes).get(name)


def has(element: Element, name: str) -> bool:
    """Whether the element carries attribute *name* (``disabled``, ``checked``…)."""
    return name in dict(element.attributes)
