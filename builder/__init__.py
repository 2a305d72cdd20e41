"""Migration Fact Book builder: data → validated catalog → charts and pages → MkDocs site."""

__version__ = "0.1.0"
