"""Stage 3 of the corridor: facts from analysed documents.

`frames` loads the relation frames and lexicons, `relations` applies them to sentences,
`treaties` finds and names treaties, `coref` resolves references ("kedua negara", "dia"),
`link` makes one entity per real thing across the build, `conflicts` pairs statements that
disagree.
"""
