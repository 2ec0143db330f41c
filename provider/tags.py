"""Provider-wide tags, with pulumi-aws's semantics: default tags that every connection gets
(its own tag of the same key wins), and ignored keys (exact or by prefix) that the provider
never adds, changes, removes or reports. Plain values only: where the rules come from is
``provider.settings``; what a connection does with them is ``provider.core.connection``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TagRules:
    """A provider's default tags and ignored keys, and where they were configured."""

    defaults: tuple[tuple[str, str], ...] = ()
    """The default tags, as (key, value) pairs sorted by key."""
    ignore_keys: tuple[str, ...] = ()
    ignore_key_prefixes: tuple[str, ...] = ()
    source: str = "aws:defaultTags"
    """Where the default tags were configured (``aws:defaultTags``, ``proton:defaultTags``,
    or a resource's own settings), for messages."""

    @property
    def default_tags(self) -> dict[str, str]:
        """The default tags as a dict."""
        return dict(self.defaults)

    def ignored(self, key: str) -> bool:
        """Whether `key` is another tool's: never added, changed, removed or reported."""
        return key in self.ignore_keys or key.startswith(self.ignore_key_prefixes)

    def visible(self, tags: Mapping[str, Any] | None) -> dict[str, Any]:
        """`tags` without the ignored keys."""
        return {k: v for k, v in (tags or {}).items() if not self.ignored(k)}

    def merged(self, own: Any) -> Any:
        """What Proton should hold: the default tags under the resource's own (which win),
        without ignored keys. Own tags that are not known yet (a preview), or not a map
        (which check reports), stay as they are."""
        if own is not None and not isinstance(own, Mapping):
            return own
        return self.visible({**self.default_tags, **(own or {})})

    def own_of(
        self, held: Mapping[str, str], own_before: Mapping[str, str] | None
    ) -> dict[str, str]:
        """The resource's own tags among those Proton holds (ignored keys already left out):
        all but the default tags that hold their default value and were not its own before."""
        before = own_before or {}
        defaults = self.default_tags
        return {
            k: v for k, v in held.items() if k in before or k not in defaults or defaults[k] != v
        }

    def from_provider(self, own: Mapping[str, Any] | None) -> list[str]:
        """The keys of the merged set that come from the provider's default tags."""
        return sorted(k for k in self.default_tags if k not in (own or {}) and not self.ignored(k))


NO_RULES = TagRules()
"""No default tags, nothing ignored."""


def rules_of(source: str, default_tags: Any, ignore_tags: Any) -> TagRules:
    """TagRules from configuration values as pulumi-aws takes them: ``defaultTags`` an object
    ``{"tags": {...}}`` and ``ignoreTags`` an object ``{"keys": [...], "keyPrefixes": [...]}``
    (each a JSON text as `pulumi config set` stores it, or the object; None: unset).
    Raises ValueError naming the key when one is not of that shape."""
    defaults = _object(source, "defaultTags", default_tags, ("tags",))
    ignore = _object(source, "ignoreTags", ignore_tags, ("keys", "keyPrefixes"))
    tags = defaults.get("tags") or {}
    if not isinstance(tags, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in tags.items()
    ):
        raise ValueError(
            f"{source}:defaultTags.tags must be a map of string keys to string values, got {tags!r}"
        )
    lists = {}
    for key in ("keys", "keyPrefixes"):
        value = ignore.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{source}:ignoreTags.{key} must be a list of strings, got {value!r}")
        lists[key] = tuple(value)
    return TagRules(
        tuple(sorted(tags.items())),
        lists["keys"],
        lists["keyPrefixes"],
        source=f"{source}:defaultTags",
    )


def _object(source: str, name: str, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    allowed = " and ".join(keys)
    if not isinstance(value, Mapping):
        raise ValueError(f"{source}:{name} must be an object with {allowed}, got {value!r}")
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise ValueError(f"{source}:{name} has no key {unknown[0]!r}; it has {allowed}")
    return dict(value)
