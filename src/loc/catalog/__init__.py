"""Catalogs: the model (entries, states, merge), `# loc:` notes, and the file formats."""
