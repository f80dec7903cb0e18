"""The shop's master catalogue: reading CSV/XLSX files (`files`), upload preview and commit
(`upload`, `import_writer`), the runbook's SQLite import (`sqlite_import`), reference and text
normalisation (`normalise`), brand folding, aliases and reference search (`search`).

May import models, db, config, `accounts.access` (the actor and role checks) and
`operations.audit`, `operations.inputs` and `operations.gc_pause` (the collector paused during a
large import); never `articles` (articles are built on the catalogue, not the other way).
"""
