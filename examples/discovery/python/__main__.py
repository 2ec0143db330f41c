"""Accepting by discovery: this (the management) account accepts every connection that an
account of the allow-list requests of it, and each ``pulumi up`` takes in the new ones.

Stack configuration (namespace ``proton-accept-discovered``): ``allowedAccounts`` (a list of
12-digit ids, as strings), ``managementRoleArn`` (optional), ``rejectOnDelete`` (optional).
"""

from discovery import accept_discovered

accept_discovered()
