#!/bin/sh
# The streaming replica: on its first start a copy of the primary with pg_basebackup -R (which
# writes primary_conninfo and standby.signal), then the official entrypoint runs it as a hot
# standby. Every later start just resumes streaming from the slot.
set -eu
: "${PRIMARY_HOST:?set PRIMARY_HOST}" "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready --host "$PRIMARY_HOST" --quiet; do sleep 1; done
    mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
    PGPASSWORD="$REPLICATION_PASSWORD" gosu postgres pg_basebackup --host "$PRIMARY_HOST" \
        --username replicator --pgdata "$PGDATA" --wal-method stream --slot ksmm_replica \
        --write-recovery-conf --checkpoint fast --no-password
fi
exec docker-entrypoint.sh postgres -c hot_standby=on -c hot_standby_feedback=on
