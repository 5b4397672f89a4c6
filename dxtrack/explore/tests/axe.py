"""axe-core in the browser tests: the serious and critical accessibility violations of a page."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


def serious_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Run axe-core (evaluated through the DevTools protocol: the page's CSP allows no inline
    script) and return 'rule: target' for each serious or critical violation."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']}: {node['target']}"
        for violation in result["violations"] if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]
