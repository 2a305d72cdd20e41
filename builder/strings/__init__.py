"""User-facing string catalogues, one YAML file per language (data files; a package so that setuptools installs them)."""
