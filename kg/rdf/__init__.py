"""Stage 4 of the corridor: the RDF graph of a build and its validation.

`graph` builds the `Dataset` (one named graph per article) following the graph contract,
`validate` checks it against the SHACL shapes; `ontology/` holds the OWL ontology and the shapes
shipped with the package.
"""
