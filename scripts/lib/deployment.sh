# shellcheck shell=bash
# One deployment, one set of secrets: the database remembers which secrets provisioned it, so that a checkout
# whose .env.local does not fit (a second clone generates its own) stops instead of resetting the role passwords
# and running with keys that cannot open the data. Sourced, never executed; needs common.sh, postgres.sh,
# rabbitmq.sh, services.sh and the secrets of .env.local loaded (zg_env_load).

# zg_deployment_fingerprint — a short hash of the secrets that bind a checkout to the data it provisioned (the
# database roles' and the broker user's passwords). Keys are checked by the catalog itself (per key id), so that
# adding a key for rotation never trips this.
zg_deployment_fingerprint() {
    local svc var
    {
        echo "zhilyego-deployment-v1"
        for svc in "${ZG_SERVICES[@]}"; do
            var="DB_PASSWORD_${svc^^}"
            printf '%s=%s\n' "$var" "${!var:-}"
        done
        printf 'DB_ADMIN_PASSWORD=%s\nAMQP_PASSWORD=%s\n' "${DB_ADMIN_PASSWORD:-}" "${AMQP_PASSWORD:-}"
    } | sha256sum | cut -c1-16
}

# zg_deployment_marker_read — prints "absent" when the database does not exist, else the comment it carries
# (empty when none). The marker is the database's COMMENT: "zhilyego deployment <fingerprint> <checkout path>".
zg_deployment_marker_read() {
    zg_pg_superuser_sql -At -v "db=$ZG_DATABASE" <<'SQL'
SELECT coalesce((SELECT 'comment:' || coalesce(shobj_description(oid, 'pg_database'), '')
                 FROM pg_database WHERE datname = :'db'), 'absent');
SQL
}

# zg_deployment_marker_write — records this checkout's fingerprint on the database.
zg_deployment_marker_write() {
    zg_pg_superuser_sql -v "db=$ZG_DATABASE" \
        -v "marker=zhilyego deployment $(zg_deployment_fingerprint) $ZG_ROOT" <<'SQL' >/dev/null
COMMENT ON DATABASE :"db" IS :'marker';
SQL
}

# zg_admin_password_fits — whether DB_ADMIN_PASSWORD logs in as the database's owner role over TCP (for a
# database provisioned before markers existed). True when the role does not exist yet.
zg_admin_password_fits() {
    local exists
    exists=$(zg_pg_superuser_sql -At -v "role=$ZG_DB_ADMIN_ROLE" <<'SQL'
SELECT count(*) FROM pg_roles WHERE rolname = :'role';
SQL
    ) || return 1
    [[ "$exists" == 0 ]] && return 0
    PGPASSWORD="$DB_ADMIN_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -q -w -h "$ZG_PG_HOST" -p "$ZG_PG_PORT" \
        -U "$ZG_DB_ADMIN_ROLE" -d "$ZG_DATABASE" -c 'SELECT 1' >/dev/null 2>&1
}

# zg_deployment_mismatch WHERE — stops with the two ways out.
zg_deployment_mismatch() {
    zg_error "this checkout's $ZG_ENV_FILE does not match the deployment already on this machine"
    cat >&2 <<EOT
  Database $ZG_DATABASE (and RabbitMQ vhost $ZG_AMQP_VHOST) were provisioned with other secrets, by $1.
  Going on would reset its role passwords and run the services with keys that cannot open its data
  (guests would pay and never get their door codes). Nothing was changed. Either:
    - use that checkout's secrets here:   cp ${2:-<that checkout>}/.env.local $ZG_ENV_FILE   then ./zg up
    - or start this machine's data afresh: ./zg reset   (deletes database $ZG_DATABASE and vhost $ZG_AMQP_VHOST;
      asks for confirmation), then ./zg up
EOT
    exit 1
}

# zg_deployment_check — before provisioning: a database this checkout's secrets did not provision stops zg.
zg_deployment_check() {
    local marker fingerprint other_fp other_root
    marker=$(zg_deployment_marker_read) || zg_die "could not read database $ZG_DATABASE's deployment marker"
    [[ "$marker" == absent ]] && return 0
    marker=${marker#comment:}
    fingerprint=$(zg_deployment_fingerprint)
    if [[ "$marker" == "zhilyego deployment "* ]]; then
        read -r _ _ other_fp other_root <<<"$marker"
        [[ "$other_fp" == "$fingerprint" ]] && return 0
        if [[ "$other_root" == "$ZG_ROOT" ]]; then
            zg_deployment_mismatch "an earlier $ZG_ENV_FILE of this checkout (its secrets changed since)"
        fi
        zg_deployment_mismatch "the checkout at $other_root" "$other_root"
    fi
    # Provisioned before markers existed: the owner's password tells whether it was this checkout.
    zg_admin_password_fits || zg_deployment_mismatch "another checkout (its owner role $ZG_DB_ADMIN_ROLE has another password)"
}

# zg_provision_servers — the database, roles and broker user the services of `zg up` need.
# A database that other secrets provisioned stops it before anything is changed (docs/operations.md).
zg_provision_servers() {
    zg_deployment_check
    zg_pg_ensure_login_role "$ZG_DB_ADMIN_ROLE" "$DB_ADMIN_PASSWORD" || zg_die "could not create PostgreSQL role $ZG_DB_ADMIN_ROLE"
    zg_pg_ensure_database "$ZG_DATABASE" "$ZG_DB_ADMIN_ROLE" || zg_die "could not create database $ZG_DATABASE"
    zg_deployment_marker_write || zg_die "could not record the deployment marker on database $ZG_DATABASE"
    zg_rmq_ensure_vhost "$ZG_AMQP_VHOST"
    # The management tag lets an operator log in to the management UI with the same credentials.
    zg_rmq_ensure_user "$ZG_AMQP_USER" "$AMQP_PASSWORD" management
    zg_rmq_grant_all "$ZG_AMQP_USER" "$ZG_AMQP_VHOST"
    zg_info "PostgreSQL database $ZG_DATABASE (admin role $ZG_DB_ADMIN_ROLE), RabbitMQ vhost $ZG_AMQP_VHOST (user $ZG_AMQP_USER) are ready"
}

# zg_reset [--yes] — deletes this machine's deployment data (database, vhost, the owner role and broker user),
# after a confirmation typed at a terminal (or --yes), so that the next ./zg up provisions it afresh with this
# checkout's .env.local. The service roles stay: ./zg up resets their passwords.
zg_reset() {
    zg_require_root reset
    local yes=0 answer
    case "${1:-}" in
        '') ;;
        --yes) yes=1 ;;
        *) zg_die "usage: ./zg reset [--yes]" ;;
    esac
    if ((!yes)); then
        [[ -t 0 ]] || zg_die "./zg reset deletes database $ZG_DATABASE and vhost $ZG_AMQP_VHOST: run it at a terminal to confirm, or pass --yes. Nothing was deleted."
        printf 'This deletes database %s (every apartment, booking, payment and review) and RabbitMQ vhost %s with its queues.\nType the database name (%s) to confirm: ' \
            "$ZG_DATABASE" "$ZG_AMQP_VHOST" "$ZG_DATABASE"
        read -r answer || answer=
        [[ "$answer" == "$ZG_DATABASE" ]] || zg_die "not confirmed: nothing was deleted"
    fi
    zg_down
    zg_lock_infra
    zg_pg_start
    zg_rmq_start
    zg_info "dropping database $ZG_DATABASE and role $ZG_DB_ADMIN_ROLE"
    zg_pg_superuser_sql -v "db=$ZG_DATABASE" <<'SQL' || zg_die "could not drop database $ZG_DATABASE"
DROP DATABASE IF EXISTS :"db" WITH (FORCE);
SQL
    zg_pg_superuser_sql -v "role=$ZG_DB_ADMIN_ROLE" <<'SQL' || zg_warn "role $ZG_DB_ADMIN_ROLE still owns objects elsewhere: kept (./zg up resets its password)"
DROP ROLE IF EXISTS :"role";
SQL
    zg_info "deleting RabbitMQ vhost $ZG_AMQP_VHOST and user $ZG_AMQP_USER"
    if zg_rmq_vhost_exists "$ZG_AMQP_VHOST"; then
        rabbitmqctl -q delete_vhost "$ZG_AMQP_VHOST" >/dev/null || zg_die "rabbitmqctl delete_vhost $ZG_AMQP_VHOST failed"
    fi
    if zg_rmq_user_exists "$ZG_AMQP_USER"; then
        rabbitmqctl -q delete_user "$ZG_AMQP_USER" >/dev/null || zg_die "rabbitmqctl delete_user $ZG_AMQP_USER failed"
    fi
    zg_unlock_infra
    zg_ok "deployment data deleted: ./zg up now provisions it afresh with $ZG_ENV_FILE"
}

# zg_check_catalog_keys — after start: the catalog refuses to serve when CODES_ENCRYPTION_KEYS cannot open the
# stored access codes (CodeKeyCheck); say so and stop instead of reporting the system up.
zg_check_catalog_keys() {
    local url body reason deadline=$((SECONDS + 30))
    url="http://127.0.0.1:$(zg_service_port catalog)/readyz"
    while :; do
        body=$(curl -s -m 3 "$url" 2>/dev/null || true)
        [[ "$body" == *'"check.codes-keys":"ok"'* ]] && return 0
        if [[ "$body" == *'"check.codes-keys":"'* ]]; then
            reason=${body#*\"check.codes-keys\":\"}
            reason=${reason%%\"*}
            zg_error "the catalog does not serve: CODES_ENCRYPTION_KEYS does not fit the stored access codes"
            cat >&2 <<EOT
  $reason
  Use the CODES_ENCRYPTION_KEYS of the deployment that sealed them (its .env.local), or ./zg reset to start
  this machine's data afresh. The services keep running; ./zg down stops them.
EOT
            exit 1
        fi
        ((SECONDS < deadline)) || {
            zg_warn "the catalog did not report its access-code key check within 30 s (see ./zg status, ./zg logs catalog)"
            return 0
        }
        sleep 0.5
    done
}
