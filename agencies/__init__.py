"""Agencies: the tree of agencies and units, memberships and roles, permissions."""
