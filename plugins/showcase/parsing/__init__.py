"""Parsing: the text formats of a case file (YAML front matter with the position of every
value, [[id]] links in bodies), with no knowledge of cases."""
