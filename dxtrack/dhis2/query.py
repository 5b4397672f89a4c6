"""DHIS2's metadata query parameters over a list of items: `filter`, `order`, paging, `fields`.

- `filter=property:operator:value`, repeatable, all must hold (`rootJunction=OR`: any);
  dotted properties reach into references (`parent.id:eq:…`), and a list matches when one
  member does. Operators: eq, !eq, ne, in, !in, like, !like, ilike, !ilike, $like, $ilike,
  like$, ilike$, null, !null, empty, !empty, gt, ge, lt, le. Another operator is a 400.
- `order=property:asc|desc` (also `:iasc`, `:idesc`), repeatable or comma-separated.
- `paging=false` (everything), else `page` (from 1) and `pageSize` (default 50).
- `fields`: `id,name,parent[id,name]`, `*` or `:all`, `:identifiable`, `:nameable`, and
  `!name` to leave a field out; the default is DHIS2's `id,displayName`.

Items are plain dicts built by `metadata`; metadata sets are small (the province's units,
indicators and forms), so this works in memory.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dxtrack.dhis2.webmessage import Dhis2Error

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100_000
PRESETS = {
    ":identifiable": ["id", "name", "code", "displayName", "created", "lastUpdated"],
    ":nameable": ["id", "name", "code", "displayName", "shortName", "displayShortName", "description", "created", "lastUpdated"],
}
# Parameters every metadata list understands; anything else is refused with 400.
KNOWN_PARAMETERS = {"fields", "filter", "order", "paging", "page", "pageSize", "rootJunction", "totalPages", "translate"}
OPERATORS = {
    "eq", "!eq", "ne", "in", "!in", "like", "!like", "ilike", "!ilike", "$like", "$ilike", "like$", "ilike$",
    "null", "!null", "empty", "!empty", "gt", "ge", "lt", "le",
}


def check_parameters(request: HttpRequest, extra: set[str] = frozenset()) -> None:
    unknown = sorted(set(request.GET) - KNOWN_PARAMETERS - set(extra))
    if unknown:
        raise Dhis2Error(400, _("Parameter %(names)s is not supported here; the parameters are %(known)s.") % {
            "names": ", ".join(unknown), "known": ", ".join(sorted(KNOWN_PARAMETERS | set(extra))),
        })


def _parse_bool(request: HttpRequest, name: str, default: bool) -> bool:
    text = request.GET.get(name)
    if text is None:
        return default
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    raise Dhis2Error(400, _("%(name)s must be true or false, not “%(value)s”.") % {"name": name, "value": text[:40]})


def _parse_int(request: HttpRequest, name: str, default: int, *, lowest: int = 1, highest: int = MAX_PAGE_SIZE) -> int:
    text = request.GET.get(name)
    if text is None:
        return default
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not lowest <= number <= highest:
        raise Dhis2Error(400, _("%(name)s must be a whole number from %(lowest)d to %(highest)d, not “%(value)s”.") % {
            "name": name, "lowest": lowest, "highest": highest, "value": text[:40],
        })
    return number


# --- filter -------------------------------------------------------------------------------------


def _values_at(item: Any, path: list[str]) -> list[Any]:
    """Every value at a dotted path (a list on the way contributes each member's)."""
    if not path:
        return item if isinstance(item, list) else [item]
    if isinstance(item, list):
        return [found for member in item for found in _values_at(member, path)]
    if not isinstance(item, dict):
        return []
    return _values_at(item.get(path[0]), path[1:]) if path[0] in item else [None]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _compare(value: Any, operator: str, operand: str) -> bool:
    negated = operator.startswith("!")
    base = operator.lstrip("!")
    text = _text(value)
    if base == "ne":
        base, negated = "eq", True
    if base == "eq":
        result = text == operand
    elif base == "in":
        result = text in [part.strip() for part in operand.strip("[]").split(",")]
    elif base == "like":
        result = operand in text
    elif base == "ilike":
        result = operand.lower() in text.lower()
    elif base in ("$like", "$ilike"):
        result = text.lower().startswith(operand.lower()) if base == "$ilike" else text.startswith(operand)
    elif base in ("like$", "ilike$"):
        result = text.lower().endswith(operand.lower()) if base == "ilike$" else text.endswith(operand)
    elif base == "null":
        result = value is None
    elif base == "empty":
        result = value in (None, "", [])
    else:  # gt, ge, lt, le: numbers when both are numbers, else text
        try:
            left, right = float(text), float(operand)
        except ValueError:
            left, right = text, operand  # type: ignore[assignment]
        result = {"gt": left > right, "ge": left >= right, "lt": left < right, "le": left <= right}[base]
    return not result if negated else result


def _filters(request: HttpRequest) -> list[tuple[list[str], str, str]]:
    parsed = []
    for text in request.GET.getlist("filter"):
        prop, _colon, rest = text.partition(":")
        operator, _colon, operand = rest.partition(":")
        if not prop or operator not in OPERATORS or (not operand and operator not in ("null", "!null", "empty", "!empty")):
            raise Dhis2Error(400, _(
                "Filter “%(filter)s” is not property:operator:value with an operator of %(operators)s."
            ) % {"filter": text[:80], "operators": ", ".join(sorted(OPERATORS))})
        parsed.append((prop.split("."), operator, operand))
    return parsed


def _matches(item: dict[str, Any], filters: list[tuple[list[str], str, str]], any_of: bool) -> bool:
    results = []
    for path, operator, operand in filters:
        found = _values_at(item, path) or [None]
        if operator.startswith("!") or operator == "ne":
            results.append(all(_compare(value, operator, operand) for value in found))
        else:
            results.append(any(_compare(value, operator, operand) for value in found))
    return any(results) if any_of else all(results)


# --- fields -------------------------------------------------------------------------------------


def parse_fields(text: str) -> dict[str, Any]:
    """`id,parent[id,name]` → {"id": {}, "parent": {"id": {}, "name": {}}}; `*` → {"*": {}}."""
    position = 0

    def parse_level() -> dict[str, Any]:
        nonlocal position
        level: dict[str, Any] = {}
        name = ""
        while position < len(text):
            char = text[position]
            position += 1
            if char in "[(":
                level[name.strip()] = parse_level()
                name = ""
            elif char in "])":
                break
            elif char == ",":
                if name.strip():
                    level.setdefault(name.strip(), {})
                name = ""
            else:
                name += char
        if name.strip():
            level.setdefault(name.strip(), {})
        return level

    return parse_level()


def project(item: Any, tree: dict[str, Any]) -> Any:
    if isinstance(item, list):
        return [project(member, tree) for member in item]
    if not isinstance(item, dict) or not tree:
        return item
    names: list[str] = []
    for name in tree:
        if name in ("*", ":all", ":owner"):
            names.extend(item)
        elif name in PRESETS:
            names.extend(PRESETS[name])
        elif not name.startswith("!"):
            names.append(name)
    excluded = {name[1:] for name in tree if name.startswith("!")}
    answer = {}
    for name in dict.fromkeys(names):
        if name in excluded or name not in item:
            continue
        answer[name] = project(item[name], tree.get(name) or {})
    return answer


# --- the list -----------------------------------------------------------------------------------


def query_collection(request: HttpRequest, name: str, items: list[dict[str, Any]], *, extra: set[str] = frozenset()) -> dict[str, Any]:
    """{"pager": …, name: […]} (no pager with paging=false), as DHIS2 answers a metadata list."""
    check_parameters(request, extra)
    filters = _filters(request)
    any_of = request.GET.get("rootJunction", "AND").upper() == "OR"
    chosen = [item for item in items if _matches(item, filters, any_of)] if filters else list(items)
    for order in reversed([part for text in request.GET.getlist("order") for part in text.split(",") if part]):
        prop, _colon, direction = order.partition(":")
        direction = (direction or "asc").lower()
        if direction not in ("asc", "desc", "iasc", "idesc"):
            raise Dhis2Error(400, _("Order “%(order)s” is not property:asc or property:desc.") % {"order": order[:80]})
        fold = direction.startswith("i")
        chosen.sort(
            key=lambda item, prop=prop, fold=fold: (_text(item.get(prop)).lower() if fold else _text(item.get(prop))),
            reverse=direction.endswith("desc"),
        )
    fields = parse_fields(request.GET.get("fields") or "id,displayName")
    body: dict[str, Any] = {}
    if _parse_bool(request, "paging", True):
        size = _parse_int(request, "pageSize", DEFAULT_PAGE_SIZE)
        page = _parse_int(request, "page", 1, highest=10**9)
        total = len(chosen)
        count = max(1, -(-total // size))
        pager: dict[str, Any] = {"page": page, "pageCount": count, "total": total, "pageSize": size}
        if page < count:
            query = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
            pager["nextPage"] = request.build_absolute_uri(f"{request.path}?{urlencode({**query, 'page': page + 1}, doseq=True)}")
        if page > 1:
            query = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
            pager["prevPage"] = request.build_absolute_uri(f"{request.path}?{urlencode({**query, 'page': page - 1}, doseq=True)}")
        body["pager"] = pager
        chosen = chosen[(page - 1) * size:page * size]
    body[name] = [project(item, fields) for item in chosen]
    return body


def query_object(request: HttpRequest, item: dict[str, Any]) -> dict[str, Any]:
    """One object: all its fields unless `fields` says otherwise (as DHIS2)."""
    check_parameters(request)
    return project(item, parse_fields(request.GET.get("fields") or "*"))
