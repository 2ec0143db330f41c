"""The resources' logic over plain values, shared by both front ends: one `Resource` object
per type (``provider.core.connection.CONNECTION``, ``provider.core.accepter.ACCEPTER``),
registered in ``provider.core.registry``. The dynamic resources (``provider.connection``,
``provider.accepter``) and the plugin (``provider.plugin``) only translate names and types.
"""
