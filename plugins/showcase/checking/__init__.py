"""Checking: what one file cannot tell alone (references, body links, metrics, images,
parent cycles) and the warnings of `build.py check`."""
