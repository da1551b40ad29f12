# shellcheck shell=bash
# Benchmarks against the running system (`./zg up` first). Results go to docs/performance.md by hand, with the
# command that produced them.

zg_bench_usage() {
    cat <<'EOT'
usage: ./zg bench NAME [VAR=value …]
  bookings   hold → Kaspi pay-by-account → booking paid → event consumed, per second (booking-benchmark), preceded
             by `pgbench -N` on a scratch database in the same run (BENCH_BOOKINGS, BENCH_CONCURRENCY,
             BENCH_PGBENCH_SECONDS=15; BENCH_PGBENCH=0 skips it)
  bot        the bot's search replies through the Telegram sandbox (bot-benchmark: BENCH_CHATS, BENCH_ROUNDS)
  bus        raw librabbitmq, MessageBus and the outbox relay (bus-benchmark; uses the test broker user)
  notifier   notifications/s to the Telegram sandbox with its limits off, and the drain time of 10,000 queued
             notifications with the limits on (notifier-benchmark; self-contained: scratch database and vhost with
             the test credentials, its own sandbox and notifier on free ports, no ./zg up needed; BENCH_PHASES=off,on,
             BENCH_OFF_MESSAGES=20000, BENCH_OFF_CHATS=1000, BENCH_OFF_WORKERS=4, BENCH_OFF_BATCH=10,
             BENCH_ON_MESSAGES=10000, BENCH_ON_CHATS=500)
EOT
}

zg_bench_build() { # PRODUCT
    local log="$ZG_LOG_DIR/build-$1.log"
    zg_info "building $1 (release; log: ${log#"$ZG_ROOT"/})"
    swift build -c release --product "$1" >"$log" 2>&1 || { tail -n 30 "$log" >&2; zg_die "building $1 failed"; }
}

# zg_bench_pgbench SECONDS — pgbench simple-update (-N) on a scratch database, as the postgres superuser over
# the Unix socket (peer authentication).
zg_bench_pgbench() {
    local seconds=$1 output
    cd / || return 1
    runuser -u postgres -- dropdb --if-exists -p "$ZG_PG_PORT" zhilyego_pgbench >/dev/null 2>&1 || true
    runuser -u postgres -- createdb -p "$ZG_PG_PORT" zhilyego_pgbench || { zg_error "pgbench: createdb failed"; return 1; }
    runuser -u postgres -- pgbench -p "$ZG_PG_PORT" -i -q -s 10 zhilyego_pgbench >/dev/null 2>&1 \
        || { zg_error "pgbench -i failed"; return 1; }
    output=$(runuser -u postgres -- pgbench -p "$ZG_PG_PORT" -N -c 8 -j 2 -T "$seconds" zhilyego_pgbench 2>&1) \
        || { zg_error "pgbench failed: $output"; return 1; }
    printf '%s\n' "$output" | grep -E 'tps|latency average|number of transactions actually' | sed 's/^/  pgbench -N: /' || true
    runuser -u postgres -- dropdb --if-exists -p "$ZG_PG_PORT" zhilyego_pgbench >/dev/null 2>&1 || true
    cd "$ZG_ROOT" || return 1
}

zg_bench() {
    local name=${1:-}
    (($# > 0)) && shift
    local assignment
    for assignment in "$@"; do
        [[ "$assignment" =~ ^BENCH_[A-Z_]+=.*$ ]] || zg_die "expected BENCH_NAME=value, got: $assignment"
        export "${assignment?}"
    done
    cd "$ZG_ROOT" || exit 1
    mkdir -p "$ZG_LOG_DIR"
    case "$name" in
        bookings)
            zg_env_load "$ZG_ENV_FILE"
            zg_service_pid payments >/dev/null || zg_die "the system is not running: ./zg up first"
            zg_bench_build booking-benchmark
            if [[ "${BENCH_PGBENCH:-1}" != 0 ]]; then
                zg_info "pgbench -N for ${BENCH_PGBENCH_SECONDS:-15} s (the database's own ceiling on this machine)"
                zg_bench_pgbench "${BENCH_PGBENCH_SECONDS:-15}"
            fi
            BENCH_AMQP_URL="$(zg_amqp_url)" \
                BENCH_PAYMENTS_URL="${BENCH_PAYMENTS_URL:-http://127.0.0.1:$ZG_PAYMENTS_KASPI_PORT}" \
                BENCH_SOURCE_ADDRESS="${BENCH_SOURCE_ADDRESS:-127.0.0.2}" \
                "$ZG_ROOT/.build/release/booking-benchmark"
            ;;
        bot)
            zg_service_pid gateway >/dev/null || zg_die "the system is not running: ./zg up first"
            zg_bench_build bot-benchmark
            BENCH_SANDBOX_URL="${BENCH_SANDBOX_URL:-http://127.0.0.1:$(zg_service_port telegram-sandbox)}" \
                "$ZG_ROOT/.build/release/bot-benchmark"
            ;;
        bus)
            [[ -f "$ZG_ROOT/.run/test.env" ]] || zg_die "run ./zg test once first (it creates the test broker user)"
            zg_bench_build bus-benchmark
            (set -a; . "$ZG_ROOT/.run/test.env"; set +a; "$ZG_ROOT/.build/release/bus-benchmark")
            ;;
        notifier)
            [[ -f "$ZG_ROOT/.run/test.env" ]] || zg_die "run ./zg test once first (it creates the test database and broker users)"
            zg_bench_build notifier
            zg_bench_build telegram-sandbox
            zg_bench_build notifier-benchmark
            (set -a; . "$ZG_ROOT/.run/test.env"; set +a
             BENCH_PRODUCTS_DIR="${BENCH_PRODUCTS_DIR:-$ZG_ROOT/.build/release}" \
                 BENCH_LOG_DIR="${BENCH_LOG_DIR:-$ZG_LOG_DIR/notifier-benchmark}" \
                 "$ZG_ROOT/.build/release/notifier-benchmark")
            ;;
        '' | help | -h | --help) zg_bench_usage ;;
        *) zg_bench_usage >&2; exit 2 ;;
    esac
}
