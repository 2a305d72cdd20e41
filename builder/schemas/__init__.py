"""JSON Schemas of the data package (data files; a package so that setuptools installs them)."""
