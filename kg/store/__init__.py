"""Querying a build: the embedded Oxigraph store (`query`), the canned queries (`queries/*.rq`)
and the read-only SPARQL endpoint (`serve`)."""
