"""A reader opens the home page, reads the BerlinMorgen report, follows a person
and searches; the article page passes axe-core's accessibility check."""

import os
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.browser

NODE_PREFIX = Path(__file__).resolve().parent.parent / ".venv" / "node"
AXE = NODE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
REPORT = "Treffen in Riad: Neue Gespräche zwischen den USA und Russland"


@pytest.fixture(scope="session")
def axe_script():
    """axe-core from npm, installed into the venv on first use."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            reason = "The accessibility check needs npm to install axe-core"
            if os.environ.get("NEWSROOM_REQUIRE_BROWSER"):
                pytest.fail(
                    reason + "; NEWSROOM_REQUIRE_BROWSER is set, so this fails."
                )
            pytest.skip(reason)
        subprocess.run(
            [npm, "install", "--no-save", "--no-package-lock", "--no-audit",
             "--no-fund", "--prefix", str(NODE_PREFIX), "axe-core@4"],
            check=True,
            capture_output=True,
        )  # fmt: skip
    return AXE


def serious_violations(page, axe_script):
    # Evaluated through the browser's debugging channel: the site's Content Security
    # Policy rightly refuses an injected inline <script>.
    page.evaluate(f"() => {{ {axe_script.read_text()} }}")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_reader_follows_the_report_a_person_and_searches(
    page, live_server, transactional_db, axe_script
):
    # A transactional test flushes the groups a migration made; the demo needs them.
    for group in ("Redaktion", "Reporter"):
        Group.objects.get_or_create(name=group)
    call_command("load_demo", stdout=StringIO())
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(live_server.url)
    page.get_by_role("link", name=REPORT).first.click()
    page.wait_for_url("**/politik/2025/02/18/treffen-in-riad-*/")
    assert page.locator("h1").inner_text() == REPORT
    assert page.locator(".body h2").count() == 3
    assert "18. Februar 2025, 14:30 Uhr" in page.locator(".dates").inner_text()

    assert serious_violations(page, axe_script) == []

    page.locator(".body").get_by_role("link", name="Sergej Lawrow").click()
    page.wait_for_url("**/personen/sergej-lawrow/")
    assert page.locator("h1").inner_text() == "Sergej Lawrow"
    assert page.get_by_role("link", name=REPORT).is_visible()

    page.get_by_role("searchbox", name="Suche").fill("Gespräche Riad")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/suche/?q=Gespr*")
    assert "Suchergebnisse" in page.locator("h1").inner_text()
    page.get_by_role("link", name=REPORT).click()
    assert page.locator("h1").inner_text() == REPORT


def test_skip_link_takes_keyboard_users_to_the_content(page, live_server, db):
    page.goto(live_server.url)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip_link.evaluate("link => link === document.activeElement")
    assert skip_link.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
