"""loc: documents -> sentence segments -> gettext catalogs -> machine translation -> review -> outputs."""

__version__ = "0.1.0"
