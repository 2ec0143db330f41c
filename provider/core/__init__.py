"""The resources' logic over plain values, shared by both front ends.

Each operation takes and returns plain dicts keyed by the table's snake_case names (see
``provider.schema``) and knows nothing of ``pulumi.dynamic`` or the plugin SDK: the dynamic
resources (``provider.connection``, ``provider.accepter``) and the plugin
(``provider.plugin``) only translate names and types. Errors are ``ProtonError`` sentences.
"""

from provider.core.common import Created, Found, Where, find_connection

__all__ = ["Created", "Found", "Where", "find_connection"]
