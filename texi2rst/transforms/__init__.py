"""Transforms: passes that reshape the document tree between reading and writing."""
