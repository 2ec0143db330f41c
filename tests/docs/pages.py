"""The documentation's pages read as data: their links, headings, and the code blocks that an
HTML comment marks (`<!-- file: PATH -->`: the block is that file of the repository;
`<!-- quickstart: NAMES ... -->`: a step of a quick start)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
PAGES = (ROOT / "README.md", *sorted(DOCS.glob("*.md")))

# A block's opening fence may be indented (inside a list item); its closing fence has the
# same indentation.
MARKED = re.compile(
    r"<!-- (?P<marker>[^>]*?) -->\n(?P<indent>[ ]*)```[\w-]*\n(?P<text>.*?)\n(?P=indent)```",
    re.DOTALL,
)
FENCED = re.compile(r"^([ ]*)```.*?^\1```", re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (?P<title>.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """A code block and the marker before it."""

    marker: str
    text: str


def marked_blocks(page: Path) -> list[Block]:
    """Every code block of `page` right after an HTML comment, with the comment's text."""
    blocks = []
    for match in MARKED.finditer(page.read_text()):
        indent = match["indent"]
        lines = match["text"].split("\n")
        text = "\n".join(line.removeprefix(indent) for line in lines) + "\n"
        blocks.append(Block(match["marker"].strip(), text))
    return blocks


def prose(page: Path) -> str:
    """The page without its code: fenced blocks and inline code removed."""
    return INLINE_CODE.sub("", FENCED.sub("", page.read_text()))


def links(page: Path) -> list[str]:
    """The targets of the Markdown links in the page's prose."""
    return [match["target"] for match in LINK.finditer(prose(page))]


def slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to dashes."""
    title = re.sub(r"[`*_]|\[|\]\([^)]*\)", "", title).strip().lower()
    return re.sub(r"[^\w\- ]", "", title).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of the page's headings."""
    return {slug(match["title"]) for match in HEADING.finditer(FENCED.sub("", page.read_text()))}
