"""Stage 1 of the corridor: files → `RawArticle` → cleaned text.

`readers` walks the inputs and reads each format (the `READERS` registry: one function per file
suffix), `clean` strips page noise and normalises text, `dedup` finds near-duplicate articles.
Only this stage reads the user's files.
"""
