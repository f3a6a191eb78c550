"""Print the PostgreSQL URL for the suite's second leg, or say plainly why that leg is skipped.

Exit 0 with the URL on stdout when a server answers and accepts the login; exit 75 with a notice on
stderr when it is absent or refuses. The URL names a database unique to this run; pytest-django creates
`test_<name>` from it and drops it afterwards.
"""

import os
import sys
import uuid

import dj_database_url
import psycopg

UNAVAILABLE = 75
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def main():
    base_url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    config = dj_database_url.parse(base_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        print("NOTICE: DATABASE_URL is not PostgreSQL; the PostgreSQL leg is skipped.", file=sys.stderr)
        return UNAVAILABLE
    where = f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}"
    try:
        with psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(
            f"NOTICE: PostgreSQL at {where} is not usable ({reason}); the PostgreSQL leg is skipped.", file=sys.stderr
        )
        return UNAVAILABLE
    credentials = config.get("USER") or "postgres"
    if config.get("PASSWORD"):
        credentials += f":{config['PASSWORD']}"
    print(f"postgres://{credentials}@{where}/memorial_{uuid.uuid4().hex[:12]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
