"""The service layer: plain Python taking a DB session (and an actor); never imports reflex."""
