#!/usr/bin/env bash
# Restore drill (docs/deploy.md): a PostgreSQL database with demo data and one withdrawn victim is dumped,
# restored into a fresh database, and checked there: every sealed identity still decrypts to the same values
# with the same keys, and the withdrawn victim is still withdrawn and unpublished. Exits 75 (skipped) when no
# PostgreSQL answers. PGHOST/PGPORT/PGUSER as for psql (default 127.0.0.1:5432, postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
if ! psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    echo "restore drill skipped: no PostgreSQL answers on $PGHOST:$PGPORT as $PGUSER"
    exit 75
fi
PY=.venv/bin/python
SOURCE="memorial_drill_source_$$"
RESTORED="memorial_drill_restored_$$"
DUMP="$(mktemp -d)/memorial.dump"
trap 'dropdb --if-exists "$SOURCE"; dropdb --if-exists "$RESTORED"; rm -rf "$(dirname "$DUMP")"' EXIT
export DJANGO_SETTINGS_MODULE=memorial.settings.dev
export MEMORIAL_SEALING_KEYS="${MEMORIAL_SEALING_KEYS:-$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')}"
url() { echo "postgres://$PGUSER@$PGHOST:$PGPORT/$1"; }

# What the restored database must still say: a digest of every decrypted identity, and the withdrawn ids.
FINGERPRINT='
import hashlib
from memorial.archive.models import Victim
from memorial.privacy.models.identity import VictimIdentity
from memorial.privacy.sealing import is_unreadable
fields = [f.name for f in VictimIdentity._meta.fields if f.name not in {"id", "victim", "updated_at"}]
digest, count = hashlib.sha256(), 0
for identity in VictimIdentity.objects.order_by("victim_id"):
    values = [getattr(identity, name) for name in fields]
    assert not any(is_unreadable(value) for value in values), f"identity of {identity.victim_id} does not decrypt"
    digest.update(repr((identity.victim_id, values)).encode())
    count += 1
withdrawn = sorted(Victim.objects.exclude(withdrawn_at=None).values_list("pk", flat=True))
assert withdrawn and not Victim.objects.filter(pk__in=withdrawn, live=True).exists(), "a withdrawn victim is live"
print(f"identities={count} sha256={digest.hexdigest()} withdrawn={withdrawn}")
'
WITHDRAW='
from django.contrib.auth import get_user_model
from memorial.archive.models import Victim
from memorial.privacy.services import withdraw_victim
user = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser("drill")
victim = Victim.objects.filter(live=True).exclude(identity=None).order_by("pk").first()
withdraw_victim(victim=victim, reason="restore drill", user=user)
'

createdb "$SOURCE"
DATABASE_URL="$(url "$SOURCE")" $PY manage.py migrate --noinput -v0
DATABASE_URL="$(url "$SOURCE")" $PY manage.py load_demo --victims "${DRILL_VICTIMS:-50}" >/dev/null
DATABASE_URL="$(url "$SOURCE")" $PY manage.py shell --no-imports -c "$WITHDRAW"
before="$(DATABASE_URL="$(url "$SOURCE")" $PY manage.py shell --no-imports -c "$FINGERPRINT")"
echo "before: $before"

pg_dump --format=custom --no-owner --file="$DUMP" "$SOURCE"
createdb "$RESTORED"
pg_restore --no-owner --exit-on-error --dbname="$RESTORED" "$DUMP"

after="$(DATABASE_URL="$(url "$RESTORED")" $PY manage.py shell --no-imports -c "$FINGERPRINT")"
echo "after:  $after"
[ "$before" = "$after" ] || { echo "restore drill FAILED: the restored database differs"; exit 1; }
echo "restore drill passed: sealed identities decrypt, withdrawn victims stay withdrawn"
