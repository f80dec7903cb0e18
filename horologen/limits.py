"""Fixed limits of HoroloGen: not read from the environment, chosen on purpose, each written once.

Read them as `config.NAME` (config re-exports every one), so a test that patches a limit on
`horologen.config` changes it for every reader.
"""

from datetime import timedelta

# Auth: idle/absolute session lifetime and brute-force thresholds.
SESSION_IDLE = timedelta(hours=8)
SESSION_ABSOLUTE = timedelta(days=7)
SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
LOGIN_LOCK_AFTER_FAILURES = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
LOGIN_LOCK_DURATION = timedelta(minutes=15)
LOGIN_ADDRESS_FAILURE_LIMIT = 30
MAGIC_LINK_LIFETIME = timedelta(minutes=15)
SESSION_COOKIE = "horologen_session"
LOGIN_EMAIL_COOKIE = "horologen_login_email"  # 5 minutes after a failed login: the address typed

# Generation: retries and timeout chosen on purpose (a staff member is waiting on the page).
# The SDK honours any `retry-after` in full (120 s twice = 4 minutes), so generation retries itself
# and never waits longer than GENERATION_RETRY_BUDGET_S in total before telling staff how long to wait.
ANTHROPIC_MAX_RETRIES = 2
GENERATION_MAX_ATTEMPTS = 3
GENERATION_RETRY_BUDGET_S = 20.0
ANTHROPIC_TIMEOUT_S = 90.0
ANTHROPIC_CONNECT_TIMEOUT_S = 10.0
STALE_GENERATION = timedelta(minutes=10)
STALE_SWEEP_INTERVAL_S = 60.0

# Bulk jobs always end (issue 23). A job still `submitting` this long after its last change was
# left by a process that died while sending: the sweep adopts its batch or releases its slots.
# A worker's lease on a job outlives any one step; repeated poll failures wait longer each time,
# and past the batch's own 24-hour limit (Message Batches: "results within 24 hours", then the
# requests expire; platform.claude.com/docs/en/build-with-claude/batch-processing, read 2026-11-29)
# plus a margin, the job fails and gives its slots back.
BULK_SUBMIT_STALE = timedelta(minutes=5)
BULK_LEASE = timedelta(minutes=10)
BULK_POLL_BACKOFF_MAX = timedelta(minutes=30)
BULK_GIVE_UP_AFTER = timedelta(hours=24) + timedelta(hours=2)
MAINTENANCE_INTERVAL_S = 60.0  # the worker's sweep: stuck jobs, old export files, unused profile versions

# The shop profile (issue 23): every list bounded, since the whole profile goes into each prompt
# of the shop; only the newest PROFILE_VERSIONS_KEPT versions are kept unless an article uses one.
PROFILE_MAX_TEXT = 2000  # each wording (warranty, returns, contact), characters
PROFILE_MAX_RANKS = 20  # 状態ランク entries
PROFILE_MAX_RANK_NAME = 10
PROFILE_MAX_RANK_TEXT = 300
PROFILE_MAX_WORDS = 50  # banned words / required phrases, each list
PROFILE_MAX_WORD = 40
PROFILE_MAX_EXAMPLES = 3
PROFILE_MAX_EXAMPLE = 4000
PROFILE_VERSIONS_KEPT = 20
PROFILE_MAX_CLAIMS = 20  # substantiated ranking / first / only claims

# Catalogue uploads: bounded so one file cannot exhaust memory or hold a transaction for minutes.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000
MAX_SCANNED_ROWS = 2 * MAX_IMPORT_ROWS  # rows read including empty ones (a sheet may declare 1M)
MAX_XLSX_INFLATED_BYTES = 300_000_000  # a 100k-row catalogue sheet is ~60 MB of XML
MAX_CSV_FIELD_BYTES = 128 * 1024  # one cell; Python's csv module refuses longer fields
PREVIEW_SAMPLE_ROWS = 20
PREVIEW_LIFETIME = timedelta(hours=24)  # an uncommitted upload (with its file) is dropped after this
PREVIEW_MAX_ERRORS = 500
