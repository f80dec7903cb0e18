"""From a catalogue row to a sales article: the versioned prompt (`prompting`), talking to
Claude (`claude`: request rules, retries, error meanings, the model check), generation with its
quota reservation and stored result (`generation`), and the 要確認 grounding check (`grounding`).
The shop profile, channels, claim check, review, export and bulk batches belong here too.

May import `catalogue`, `accounts` and `operations`; nothing in those imports `articles`.
"""
