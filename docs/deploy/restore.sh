#!/usr/bin/env bash
# Restore a QMS Portal backup made by backup.sh: the database into DATABASE_URL, the uploaded
# files into MEDIA_ROOT.
#
# Usage: restore.sh BACKUP_FOLDER            (e.g. /var/backups/qms-portal/qms-portal-20260301-020000)
#
# Settings (environment variables; /etc/qms-portal/env provides them in production):
#   DATABASE_URL    the database to restore into; it must exist (createdb) and, unless
#                   RESTORE_CLEAN=1, be empty                                      (required)
#   MEDIA_ROOT      the folder to restore uploads into; created if missing; unless RESTORE_CLEAN=1
#                   it must be empty                             (required unless RESTORE_MEDIA=0)
#   RESTORE_CLEAN   1 = REPLACE what is there: drop the database's objects that the backup also
#                   has, and delete everything in MEDIA_ROOT first                   (default 0)
#                   Tables the backup does not have (added by a later migration) survive it:
#                   to go back to an older backup, prefer dropdb + createdb over RESTORE_CLEAN.
#   RESTORE_MEDIA   1 = restore the uploaded files too, 0 = database only            (default 1)
#   PG_RESTORE, PSQL  client programs (default: from PATH)
#
# Stop the app, the worker and the timers first (docs/deployment.md, "Restore"), and take a fresh
# backup of what you are about to replace.
set -euo pipefail

PG_RESTORE="${PG_RESTORE:-pg_restore}"
PSQL="${PSQL:-psql}"
RESTORE_CLEAN="${RESTORE_CLEAN:-0}"
RESTORE_MEDIA="${RESTORE_MEDIA:-1}"

log() { printf '%s restore: %s\n' "$(date '+%F %T')" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: restore.sh BACKUP_FOLDER"
backup="${1%/}"
: "${DATABASE_URL:?DATABASE_URL is not set (the database to restore into)}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL must be a postgres:// URL" ;; esac
[ -f "$backup/database.dump" ] || die "$backup/database.dump not found: is $backup a folder made by backup.sh?"
if [ "$RESTORE_MEDIA" = 1 ]; then
    : "${MEDIA_ROOT:?MEDIA_ROOT is not set (or set RESTORE_MEDIA=0 to restore the database only)}"
    [ -f "$backup/media.tar.gz" ] || die "$backup has no media.tar.gz (made with BACKUP_MEDIA=0?); set RESTORE_MEDIA=0"
fi

# 1. The backup is intact.
log "verifying checksums"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "checksum mismatch: this backup is damaged"
"$PG_RESTORE" --list "$backup/database.dump" >/dev/null || die "the dump cannot be read"

# 2. The targets are empty, or the operator said to replace them.
tables=$("$PSQL" --no-password --quiet --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ] && [ "$RESTORE_CLEAN" != 1 ]; then
    die "the database already has $tables tables; set RESTORE_CLEAN=1 to replace them, or restore into a new database (createdb)"
fi
if [ "$RESTORE_MEDIA" = 1 ] && [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ] && [ "$RESTORE_CLEAN" != 1 ]; then
    die "$MEDIA_ROOT is not empty; set RESTORE_CLEAN=1 to replace its content"
fi

# 3. The database, in one transaction: either all of it or nothing. Objects are owned by the user
#    of DATABASE_URL, whatever role owned them on the machine the backup came from.
clean=()
[ "$RESTORE_CLEAN" = 1 ] && clean=(--clean --if-exists)
log "restoring the database${clean:+ (replacing existing objects)}"
"$PG_RESTORE" --no-password --no-owner --no-acl --single-transaction --exit-on-error "${clean[@]}" \
    --dbname="$DATABASE_URL" "$backup/database.dump"
# pg_restore does not bring the planner statistics: collect them now.
"$PSQL" --no-password --quiet --dbname="$DATABASE_URL" --command="ANALYZE" >/dev/null

# 4. The uploaded files.
if [ "$RESTORE_MEDIA" = 1 ]; then
    mkdir -p "$MEDIA_ROOT"
    if [ "$RESTORE_CLEAN" = 1 ]; then
        log "deleting the current content of $MEDIA_ROOT"
        find "$MEDIA_ROOT" -mindepth 1 -delete
    fi
    log "restoring uploaded files into $MEDIA_ROOT"
    # As the user who runs this (run it as the service user), leaving MEDIA_ROOT's own metadata alone.
    tar --extract --gzip --file="$backup/media.tar.gz" --directory="$MEDIA_ROOT" --no-same-owner --no-overwrite-dir
fi

log "done: restored $backup"
log "next: manage.py migrate (if the code is newer than the backup), then start the services"
