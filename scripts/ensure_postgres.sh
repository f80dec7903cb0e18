#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster when it is down (a fresh machine or CI); waits until ready.
set -euo pipefail
host="${PGHOST:-127.0.0.1}"
if pg_isready -q -h "$host" -p 5432; then
  exit 0
fi
echo "PostgreSQL is down: starting it"
pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
for _ in $(seq 1 30); do
  pg_isready -q -h "$host" -p 5432 && exit 0
  sleep 1
done
echo "PostgreSQL did not become ready on $host:5432" >&2
exit 1
