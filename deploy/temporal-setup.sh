#!/bin/sh
# Creates and migrates Temporal's two PostgreSQL schemas, then (once the server answers) the
# namespace Herald uses. Idempotent: safe on every `docker compose up`.
set -eu
tool="temporal-sql-tool --plugin postgres12 --ep ${POSTGRES_SEEDS} -p ${DB_PORT:-5432} -u ${POSTGRES_USER} -pw ${POSTGRES_PWD}"
schema=/etc/temporal/schema/postgresql/v12
$tool --db temporal create-database || true
$tool --db temporal setup-schema -v 0.0 || true
$tool --db temporal update-schema -d "$schema/temporal/versioned"
$tool --db temporal_visibility create-database || true
$tool --db temporal_visibility setup-schema -v 0.0 || true
$tool --db temporal_visibility update-schema -d "$schema/visibility/versioned"
until temporal operator cluster health --address "${TEMPORAL_ADDRESS}" >/dev/null 2>&1; do sleep 2; done
temporal operator namespace describe --address "${TEMPORAL_ADDRESS}" -n "${TEMPORAL_NAMESPACE}" >/dev/null 2>&1 ||
  temporal operator namespace create --address "${TEMPORAL_ADDRESS}" -n "${TEMPORAL_NAMESPACE}" --retention 72h
# Herald's search attributes (domain/search-attributes.ts): the Temporal UI filters events by them.
for name in HeraldAppId HeraldEventType; do
  until temporal operator search-attribute create --address "${TEMPORAL_ADDRESS}" -n "${TEMPORAL_NAMESPACE}" --name "$name" --type Keyword >/dev/null 2>&1 ||
    temporal operator search-attribute list --address "${TEMPORAL_ADDRESS}" -n "${TEMPORAL_NAMESPACE}" | grep -q "$name"; do sleep 2; done
done
