"""docs/_index.md shows the example programs that the SDK tests run, every language's. (That
each code block marked `<!-- file: PATH -->` is that file's text, in every page, is
tests/docs/test_links_and_files.py's.)"""

from __future__ import annotations

import re

from tests.sdk.support import ROOT

PAGE = ROOT / "docs" / "_index.md"
SHOWN = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w*\n(?P<text>.*?)```", re.DOTALL)
PROGRAMS = (
    "examples/typescript/handshake.ts",
    "examples/go/handshake.go",
    "examples/python/handshake.py",
    "examples/yaml/Pulumi.yaml",
)


def test_the_docs_show_each_language_s_program_as_the_file_that_runs():
    shown = {m["path"]: m["text"] for m in SHOWN.finditer(PAGE.read_text())}
    assert set(PROGRAMS) <= set(shown), f"docs/_index.md shows {sorted(shown)}"
    stale = [path for path in PROGRAMS if (ROOT / path).read_text() != shown[path]]
    assert not stale, f"docs/_index.md shows other text than {stale}: copy the files in"
