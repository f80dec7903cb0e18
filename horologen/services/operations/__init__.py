"""Running the service: the audit log (`audit`), quota reservation and month status (`quota`),
a shop's usage (`usage`), health and schema state (`health`), the runbook's data checks
(`env_check`) and seeding (`seed`).

`audit`, `quota` and `health` import only models, db and config (the other packages build on
them). `seed`, `env_check` and `usage` are operators' views over the others and may call
`accounts` and `catalogue`; nothing here imports `articles`.
"""
