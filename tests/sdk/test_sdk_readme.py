"""sdk/README.md shows the example programs that the SDK tests run: each code block marked
`<!-- file: PATH -->` must be that file's text, and every language's program is shown."""

from __future__ import annotations

import re

from tests.sdk.support import ROOT, SDK

README = SDK / "README.md"
SHOWN = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w*\n(?P<text>.*?)```", re.DOTALL)
PROGRAMS = (
    "examples/typescript/handshake.ts",
    "examples/go/handshake.go",
    "examples/python/handshake.py",
)


def test_each_file_the_readme_shows_is_the_file_that_runs():
    shown = {m["path"]: m["text"] for m in SHOWN.finditer(README.read_text())}
    assert set(PROGRAMS) <= set(shown), f"sdk/README.md shows {sorted(shown)}"
    stale = [path for path, text in shown.items() if (ROOT / path).read_text() != text]
    assert not stale, f"sdk/README.md shows other text than {stale}: copy the files in"
