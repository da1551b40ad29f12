# shellcheck shell=bash
# The service processes of `zg up`: environment, start, health, stop, status. Sourced, never executed;
# needs common.sh and the secrets of .env.local loaded (zg_env_load).

ZG_BIN_DIR="${ZG_BIN_DIR:-$ZG_ROOT/.build/release}" # overridable to run other builds
ZG_STOP_TIMEOUT=${ZG_STOP_TIMEOUT:-20}    # seconds between SIGTERM and SIGKILL
ZG_HEALTH_TIMEOUT=${ZG_HEALTH_TIMEOUT:-90} # seconds for every service to answer /healthz

zg_database_url() { # ROLE PASSWORD
    printf 'postgres://%s:%s@%s:%s/%s' "$1" "$(zg_urlencode "$2")" "$ZG_PG_HOST" "$ZG_PG_PORT" "$ZG_DATABASE"
}

zg_amqp_url() {
    printf 'amqp://%s:%s@%s:%s/%s' "$ZG_AMQP_USER" "$(zg_urlencode "$AMQP_PASSWORD")" \
        "$ZG_AMQP_HOST" "$ZG_AMQP_PORT" "$(zg_urlencode "$ZG_AMQP_VHOST")"
}

zg_admin_database_url() { zg_database_url "$ZG_DB_ADMIN_ROLE" "$DB_ADMIN_PASSWORD"; }

# zg_service_env SERVICE — the whole environment of one service, one NAME=value a line.
# THE one place where a service's configuration is composed: add new variables here.
# Identity variables (name, port, database role) are per service and fixed; the shared ones take the
# caller's environment first (`LOG_LEVEL=debug ./zg up`, a real TELEGRAM_BOT_TOKEN, …).
zg_service_env() {
    local svc=$1 password_var="DB_PASSWORD_${1^^}"
    if [[ "$svc" == telegram-sandbox ]]; then
        printf '%s\n' "SANDBOX_HOST=127.0.0.1" "SANDBOX_PORT=$(zg_service_port "$svc")" \
            "SANDBOX_BOT_TOKENS=$ZG_SANDBOX_BOT_TOKEN" "LOG_LEVEL=${LOG_LEVEL:-info}"
        return 0
    fi
    if [[ "$svc" == kaspi-sandbox ]]; then
        # Plays Kaspi: serves the partner API to payments and calls payments' pay-by-account endpoint from
        # 127.0.0.2 (an allow-listed source, as Kaspi's addresses are in production).
        printf '%s\n' "KASPI_SANDBOX_HOST=127.0.0.1" "KASPI_SANDBOX_PORT=$(zg_service_port "$svc")" \
            "KASPI_SANDBOX_API_KEY=$ZG_SANDBOX_KASPI_API_KEY" \
            "KASPI_SANDBOX_ORGANIZATION_BIN=$ZG_SANDBOX_KASPI_BIN" \
            "KASPI_SANDBOX_DEVICE_TOKEN=$ZG_SANDBOX_KASPI_DEVICE_TOKEN" \
            "KASPI_SANDBOX_TRADE_POINT_ID=$ZG_SANDBOX_KASPI_TRADE_POINT" \
            "KASPI_MERCHANT_ACCOUNT_URL=http://127.0.0.1:$ZG_PAYMENTS_KASPI_PORT/kaspi/pay-by-account" \
            "KASPI_SANDBOX_SOURCE_ADDRESS=127.0.0.2" "LOG_LEVEL=${LOG_LEVEL:-info}"
        return 0
    fi
    [[ -n "${!password_var:-}" ]] || zg_die "$password_var is not set (is $ZG_ENV_FILE complete?)"
    printf '%s\n' \
        "ZHILYEGO_ENV=${ZHILYEGO_ENV:-development}" \
        "SERVICE_NAME=$svc" \
        "HTTP_HOST=127.0.0.1" \
        "HTTP_PORT=$(zg_service_port "$svc")" \
        "LOG_LEVEL=${LOG_LEVEL:-info}" \
        "DATABASE_URL=$(zg_database_url "zhilyego_$svc" "${!password_var}")" \
        "AMQP_URL=$(zg_amqp_url)"
    case "$svc" in
        admin) printf '%s\n' "ADMIN_SESSION_SECRET=$ADMIN_SESSION_SECRET" ;;
        catalog) printf '%s\n' "CODES_ENCRYPTION_KEYS=$CODES_ENCRYPTION_KEYS" ;;
        gateway | notifier)
            # Without a real token the bot talks to the local Telegram sandbox (started by zg_start_sandboxes).
            printf '%s\n' "TELEGRAM_API_URL=${TELEGRAM_API_URL:-$(zg_telegram_api_url)}" \
                "TELEGRAM_BOT_TOKEN=${TELEGRAM_BOT_TOKEN:-$ZG_SANDBOX_BOT_TOKEN}" ;;
        payments) zg_payments_env ;;
    esac
    # Booking answers an RPC for every search, hold, Kaspi check and settlement. Each consumer connection runs up
    # to 16 request handlers at once (Messaging's requestConcurrency), so one consumer per queue suffices; every
    # further one adds threads and context switches on this 2-core machine (docs/performance.md). More database
    # connections than the default 4 for the handlers running at once.
    case "$svc" in
        booking | payments)
            printf '%s\n' "AMQP_CONSUMERS=${ZG_RPC_CONSUMERS:-1}" "DB_POOL_SIZE=${ZG_RPC_DB_POOL_SIZE:-8}" ;;
    esac
    # The business clock may be shifted outside production (docs/booking.md); every time-driven service gets
    # the same shift.
    case "$svc" in
        booking | notifier | gateway | payments | catalog)
            [[ -z "${ZG_CLOCK_SHIFT:-}" ]] || printf '%s\n' "ZG_CLOCK_SHIFT=$ZG_CLOCK_SHIFT" ;;
    esac
}

# Payments serves Kaspi's pay-by-account calls on a listener of its own (KASPI_HTTP_PORT).
ZG_PAYMENTS_KASPI_PORT=8094

# The Kaspi sandbox's development credentials (not secrets: they only open the local sandbox).
ZG_SANDBOX_KASPI_API_KEY="sandbox-kaspi-key"
ZG_SANDBOX_KASPI_BIN="123456789012"
ZG_SANDBOX_KASPI_DEVICE_TOKEN="2be4cc91-5895-48f8-8bc2-86c7bd419b3b"
ZG_SANDBOX_KASPI_TRADE_POINT="1"

# Real Kaspi when KASPI_API_KEY is configured; otherwise the local Kaspi sandbox.
zg_use_kaspi_sandbox() { [[ -z "${KASPI_API_KEY:-}" ]]; }

# zg_payments_env — payments' Kaspi settings: the caller's real ones, or the sandbox's.
zg_payments_env() {
    if zg_use_kaspi_sandbox; then
        printf '%s\n' "KASPI_API_URL=http://127.0.0.1:$(zg_service_port kaspi-sandbox)/r3/v01" \
            "KASPI_API_KEY=$ZG_SANDBOX_KASPI_API_KEY" "KASPI_ORGANIZATION_BIN=$ZG_SANDBOX_KASPI_BIN" \
            "KASPI_DEVICE_TOKEN=$ZG_SANDBOX_KASPI_DEVICE_TOKEN" "KASPI_TRADE_POINT_ID=$ZG_SANDBOX_KASPI_TRADE_POINT" \
            "KASPI_ALLOWED_SOURCES=127.0.0.2/32" "KASPI_HTTP_PORT=$ZG_PAYMENTS_KASPI_PORT"
    else
        local name
        printf 'KASPI_HTTP_PORT=%s\n' "${KASPI_HTTP_PORT:-$ZG_PAYMENTS_KASPI_PORT}"
        for name in KASPI_API_URL KASPI_API_KEY KASPI_ORGANIZATION_BIN KASPI_DEVICE_TOKEN KASPI_TRADE_POINT_ID \
            KASPI_ALLOWED_SOURCES KASPI_TRUSTED_PROXIES KASPI_HTTP_HOST; do
            [[ -z "${!name:-}" ]] || printf '%s=%s\n' "$name" "${!name}"
        done
    fi
}

# The development bot token the Telegram sandbox accepts (not a secret: it only opens the local sandbox).
ZG_SANDBOX_BOT_TOKEN="123456:sandbox-token"

zg_use_telegram_sandbox() { [[ -z "${TELEGRAM_BOT_TOKEN:-}" ]]; }

zg_telegram_api_url() {
    if zg_use_telegram_sandbox; then
        printf 'http://127.0.0.1:%s' "$(zg_service_port telegram-sandbox)"
    else
        printf 'https://api.telegram.org'
    fi
}

# --- Sandboxes ---------------------------------------------------------------------------------------------
# The local stand-ins for Telegram (and later Kaspi), started before the services when no real credentials are
# configured, with the services' pid/log layout (.run/pids/<name>.pid, .run/logs/<name>.log).
zg_start_sandboxes() {
    if zg_use_telegram_sandbox; then
        zg_start_service telegram-sandbox
        zg_wait_healthy telegram-sandbox
    else
        zg_info "TELEGRAM_BOT_TOKEN is set: the bot talks to ${TELEGRAM_API_URL:-https://api.telegram.org}, no sandbox"
    fi
    if zg_use_kaspi_sandbox; then
        zg_start_service kaspi-sandbox
        zg_wait_healthy kaspi-sandbox
    else
        zg_info "KASPI_API_KEY is set: payments talks to ${KASPI_API_URL:-the configured Kaspi}, no sandbox"
    fi
}
zg_stop_sandboxes() {
    zg_stop_service kaspi-sandbox
    zg_stop_service telegram-sandbox
}
zg_sandboxes_summary() {
    if zg_service_pid kaspi-sandbox >/dev/null; then
        printf '  %-16s %-6s %s\n' "kaspi-sandbox" "$(zg_service_port kaspi-sandbox)" \
            "${ZG_LOG_DIR#"$ZG_ROOT"/}/kaspi-sandbox.log"
        printf '\n  Kaspi sandbox page: http://127.0.0.1:%s/ (pay or decline invoices, pay a booking by its number)\n' \
            "$(zg_service_port kaspi-sandbox)"
    fi
    if zg_service_pid telegram-sandbox >/dev/null; then
        printf '  %-16s %-6s %s\n' "telegram-sandbox" "$(zg_service_port telegram-sandbox)" \
            "${ZG_LOG_DIR#"$ZG_ROOT"/}/telegram-sandbox.log"
        printf '\n  Telegram sandbox chat page: http://127.0.0.1:%s/ (talk to the bot in a browser)\n' \
            "$(zg_service_port telegram-sandbox)"
    fi
}

# zg_load_demo_catalog — loads the demo catalog into an empty catalog (idempotent; skipped when data exists).
zg_load_demo_catalog() {
    local log
    log=$(zg_log_file demo-catalog)
    zg_info "demo catalog: loading it if the catalog is empty (log: ${log#"$ZG_ROOT"/})"
    if ! env "DATABASE_URL=$(zg_database_url zhilyego_catalog "$DB_PASSWORD_CATALOG")" \
        "CODES_ENCRYPTION_KEYS=$CODES_ENCRYPTION_KEYS" "$ZG_BIN_DIR/zhilyego-ops" demo-catalog --if-empty >"$log" 2>&1; then
        zg_error "zhilyego-ops demo-catalog failed; last lines of ${log#"$ZG_ROOT"/}:"
        tail -n 20 "$log" >&2
        exit 1
    fi
}
# -----------------------------------------------------------------------------------------------------------

zg_pid_file() { printf '%s/%s.pid' "$ZG_PID_DIR" "$1"; }
zg_log_file() { printf '%s/%s.log' "$ZG_LOG_DIR" "$1"; }

# zg_service_pid SERVICE — prints the pid of the running SERVICE started by zg; fails when it does not run
# (a stale pid file, or a pid reused by another program, counts as not running).
zg_service_pid() {
    local file pid exe
    file=$(zg_pid_file "$1")
    [[ -f "$file" ]] || return 1
    pid=$(<"$file")
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
    exe=${exe% (deleted)} # the binary was rebuilt while the process runs: it is still ours
    [[ "${exe##*/}" == "$1" ]] || return 1
    echo "$pid"
}

# zg_pid_alive PID — whether PID is a live (not zombie) process.
zg_pid_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ "${stat%% *}" != Z ]]
}

# zg_http_code URL — the HTTP status of a GET (000 when nothing answers).
zg_http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

# zg_provision — runs `zhilyego-ops provision`: one role zhilyego_<service> and one schema per service.
zg_provision() {
    local ops="$ZG_BIN_DIR/zhilyego-ops" svc log
    log=$(zg_log_file provision)
    [[ -x "$ops" ]] || zg_die "$ops is missing: the release build has no zhilyego-ops product (Tools/ops), so the service databases cannot be provisioned"
    zg_info "provisioning service roles and schemas (log: ${log#"$ZG_ROOT"/})"
    local env_args=("ADMIN_DATABASE_URL=$(zg_admin_database_url)")
    for svc in "${ZG_SERVICES[@]}"; do
        local var="DB_PASSWORD_${svc^^}"
        env_args+=("$var=${!var}")
    done
    if ! env "${env_args[@]}" "$ops" provision >"$log" 2>&1; then
        zg_error "zhilyego-ops provision failed; last lines of ${log#"$ZG_ROOT"/}:"
        tail -n 30 "$log" >&2
        exit 1
    fi
    local missing
    missing=$(zg_pg_missing_service_objects "${ZG_SERVICES[@]}") || zg_die "could not check the provisioned roles and schemas"
    if [[ -n "$missing" ]]; then
        zg_error "zhilyego-ops provision exited 0 but these are missing in database $ZG_DATABASE: $(tr '\n' ' ' <<<"$missing")"
        zg_error "its output (${log#"$ZG_ROOT"/}):"
        tail -n 30 "$log" >&2
        exit 1
    fi
}

# zg_start_service SERVICE — starts SERVICE in the background unless it already runs.
zg_start_service() {
    local svc=$1 bin="$ZG_BIN_DIR/$1" pid port log env_lines
    port=$(zg_service_port "$svc")
    log=$(zg_log_file "$svc")
    if pid=$(zg_service_pid "$svc"); then
        zg_info "$svc already runs (pid $pid); './zg restart' starts a fresh build"
        return 0
    fi
    [[ -x "$bin" ]] || zg_die "$bin is missing: the release build has no '$svc' product"
    if zg_port_open "$port"; then
        zg_die "port $port (for $svc) is already taken by another program"
    fi
    mapfile -t env_lines < <(zg_service_env "$svc")
    ((${#env_lines[@]} > 0)) || zg_die "no environment for $svc"
    printf '\n=== %s: starting %s\n' "$(date -u +%FT%TZ)" "$svc" >>"$log"
    # The subshell execs the service (through env and nohup), so $! is the service's own pid.
    (cd "$ZG_ROOT" && zg_exec_detached env "${env_lines[@]}" nohup "$bin") >>"$log" 2>&1 &
    echo $! >"$(zg_pid_file "$svc")"
    zg_info "started $svc (pid $!, port $port)"
}

# zg_wait_healthy SERVICE... — waits until every SERVICE answers GET /healthz with 200. On a deadline or a
# service that exits, prints the tail of its log and exits non-zero.
zg_wait_healthy() {
    local deadline=$((SECONDS + ZG_HEALTH_TIMEOUT)) pending=("$@") still svc
    zg_info "waiting for /healthz of: ${pending[*]}"
    while ((${#pending[@]} > 0)); do
        still=()
        for svc in "${pending[@]}"; do
            # Only liveness here: right after the start the pid may still be the shell that execs the binary.
            if ! zg_pid_alive "$(cat "$(zg_pid_file "$svc")" 2>/dev/null)"; then
                zg_error "$svc exited before answering /healthz; last lines of ${ZG_LOG_DIR#"$ZG_ROOT"/}/$svc.log:"
                tail -n 30 "$(zg_log_file "$svc")" >&2
                zg_error "the other services keep running: ./zg status shows them, ./zg down stops them"
                exit 1
            fi
            if [[ "$(zg_http_code "http://127.0.0.1:$(zg_service_port "$svc")/healthz")" == 200 ]]; then
                zg_ok "$svc is healthy"
            else
                still+=("$svc")
            fi
        done
        pending=("${still[@]+"${still[@]}"}")
        ((${#pending[@]} == 0)) && break
        if ((SECONDS >= deadline)); then
            for svc in "${pending[@]}"; do
                zg_error "$svc did not answer /healthz with 200 within ${ZG_HEALTH_TIMEOUT}s; last lines of ${ZG_LOG_DIR#"$ZG_ROOT"/}/$svc.log:"
                tail -n 30 "$(zg_log_file "$svc")" >&2
            done
            zg_error "the services keep running: ./zg status shows them, ./zg down stops them"
            exit 1
        fi
        sleep 1
    done
}

# zg_stop_service SERVICE — SIGTERM, then SIGKILL after ZG_STOP_TIMEOUT seconds.
zg_stop_service() {
    local svc=$1 pid deadline
    if ! pid=$(zg_service_pid "$svc"); then
        rm -f "$(zg_pid_file "$svc")"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + ZG_STOP_TIMEOUT))
    # zg_pid_alive, not kill -0: a stopped service is a zombie until its parent (init) reaps it.
    while zg_pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if zg_pid_alive "$pid"; then
        zg_warn "$svc (pid $pid) ignored SIGTERM for ${ZG_STOP_TIMEOUT}s: sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$(zg_pid_file "$svc")"
    zg_info "stopped $svc (pid $pid)"
}

# zg_service_status_line SERVICE — "name  port  pid/state  /healthz  /readyz  log".
zg_service_status_line() {
    local svc=$1 port pid state health='-' ready='-'
    port=$(zg_service_port "$svc")
    if pid=$(zg_service_pid "$svc"); then
        state="running (pid $pid)"
        health=$(zg_http_code "http://127.0.0.1:$port/healthz")
        ready=$(zg_http_code "http://127.0.0.1:$port/readyz")
    else
        state=stopped
    fi
    printf '  %-10s %-6s %-22s %-9s %-9s %s\n' "$svc" "$port" "$state" "$health" "$ready" \
        "${ZG_LOG_DIR#"$ZG_ROOT"/}/$svc.log"
}
