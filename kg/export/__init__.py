"""Stage 5 of the corridor: writing a build.

`writers` holds the `WRITERS` registry (one function per output file) and the RDF and CSV
serializers, `files` writes everything atomically and swaps the store in, `html` draws the
interactive graph, `network` gives networkx and GraphML views, `drawing` chooses which entities
those two draw (`kg build --draw`).
"""
