"""Contributor tooling behind build.py: new case files from templates, JSON Schemas."""
