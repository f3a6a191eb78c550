#!/usr/bin/env bash
# The suite's two legs at once: SQLite with the browser tests in the foreground, PostgreSQL (when one answers)
# in the background. Each is one Python process, so on two cores they take about as long as the longer one,
# not their sum. The PostgreSQL leg's output is printed when it ends; either leg failing fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

postgres_pid=""
status=0
url=$($bin/python tests/postgres_url.py) || status=$?
if [ $status -eq 0 ]; then
    echo "PostgreSQL leg: the suite on a fresh database, in the background (its output follows the SQLite leg's)"
    DATABASE_URL="$url" $bin/pytest -m "not e2e" -p no:cacheprovider --durations=15 --basetemp="$work/postgres" \
        >"$work/postgres.log" 2>&1 &
    postgres_pid=$!
    trap 'kill "$postgres_pid" 2>/dev/null; rm -rf "$work"' EXIT
elif [ $status -ne 75 ]; then
    exit $status
fi

echo "SQLite leg: the whole suite, browser tests included"
sqlite_status=0
env -u DATABASE_URL $bin/pytest --durations=15 --basetemp="$work/sqlite" || sqlite_status=$?

postgres_status=0
if [ -n "$postgres_pid" ]; then
    wait "$postgres_pid" || postgres_status=$?
    echo
    echo "PostgreSQL leg:"
    cat "$work/postgres.log"
fi
[ $sqlite_status -eq 0 ] || echo "The SQLite leg failed (exit $sqlite_status)."
[ $postgres_status -eq 0 ] || echo "The PostgreSQL leg failed (exit $postgres_status)."
[ $sqlite_status -eq 0 ] && [ $postgres_status -eq 0 ]
