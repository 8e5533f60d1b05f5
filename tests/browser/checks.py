"""What the browser tests check on any page: axe-core, sideways scrolling, and the README's screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

HERE = Path(__file__).parent
AXE = HERE / "axe.min.js"  # axe-core 4.14.1 from the npm package (MPL-2.0, licence header kept in the file)
SCREENSHOTS = HERE.parents[1] / "docs" / "screenshots"
DESKTOP = {"width": 1200, "height": 900}
PHONE = {"width": 375, "height": 740}


def axe_problems(page: Page) -> list[str]:
    """The serious and critical accessibility violations axe-core finds on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    problems = axe_problems(page)
    assert not problems, f"axe-core on {page.url}:\n" + "\n".join(problems)


def screenshot(page: Page, name: str, *, part: str | None = None) -> None:
    """Saves what the window shows to docs/screenshots/NAME.png (overwritten each run; the README shows them).

    `part`: a selector of the one element to show instead, for a page whose main part is further down.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    options = {"path": str(SCREENSHOTS / f"{name}.png"), "animations": "disabled", "caret": "hide"}
    if part is not None:
        page.locator(part).first.screenshot(**options)
    else:
        page.screenshot(**options)


def no_sideways_scroll(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
