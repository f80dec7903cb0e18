"""The service layer: every rule of HoroloGen, as plain Python taking a DB session and an actor.

Grouped by domain (ARCHITECTURE.md, "The service layer by domain"): `catalogue/`, `accounts/`,
`articles/`, `operations/`, with `backoffice/` above them for the whole-shop views. No Reflex
here; pages, the JSON API, scripts and the bulk worker all come through these functions, so every
authorisation check is written once.
"""
