"""README.md and docs/: every relative link resolves (the file, and the heading when it names
one), every code block marked `<!-- file: PATH -->` is that file's text, and README.md stays a
landing page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.docs.pages import PAGES, ROOT, anchors, links, marked_blocks

# Pages that another branch adds; each must be taken off this list once it exists.


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_every_relative_link_resolves(page: Path):
    broken = []
    for target in links(page):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / unquote(path)).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{target}: no {resolved.relative_to(ROOT)}")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{target}: no heading #{anchor} in {resolved.relative_to(ROOT)}")
    assert not broken, f"{_name(page)} links to what is not there: {broken}"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_each_code_block_that_names_a_file_is_that_file(page: Path):
    shown = [block for block in marked_blocks(page) if block.marker.startswith("file:")]
    stale = []
    for block in shown:
        path = ROOT / block.marker.removeprefix("file:").strip()
        if not path.is_file():
            stale.append(f"{path.relative_to(ROOT)} does not exist")
        elif path.read_text() != block.text:
            stale.append(f"{path.relative_to(ROOT)} differs")
    assert not stale, f"{_name(page)}: copy the files in again: {stale}"


def test_the_docs_show_files():
    assert any(
        block.marker.startswith("file:") for page in PAGES for block in marked_blocks(page)
    ), "no page shows a file: has the marker changed?"


def test_the_readme_is_a_landing_page():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 120
    for shown in ("make demo", "make test", "make lint", "pulumi import"):
        assert shown in text
