# shellcheck shell=bash
# `zg test`: the servers and credentials of the test contract, then the two test runs (normal suites in
# parallel, Disruptive suites serially). Sourced, never executed; needs common.sh, packages.sh, postgres.sh,
# rabbitmq.sh, secrets.sh.

ZG_TEST_PG_ROLE=zhilyego_test_admin
ZG_TEST_AMQP_USER=zhilyego_test
# The test credentials are machine-wide, like the servers: every checkout on this machine (worktrees, a CI
# clone) uses the same passwords, so concurrent `zg test` runs never reset each other's. .run/test.env is
# this checkout's ready-to-source copy with the full URLs.
ZG_TEST_CREDENTIALS=${ZG_TEST_CREDENTIALS:-/var/lib/zhilyego/test-credentials.env}
ZG_TEST_ENV_FILE="$ZG_RUN_DIR/test.env"

# zg_test_prepare_servers — installs, starts PostgreSQL and RabbitMQ, creates the test role and user, and
# writes .run/test.env. Serialised with other zg runs on this machine.
zg_test_prepare_servers() {
    zg_lock_infra
    zg_ensure_packages
    zg_pg_start
    zg_rmq_start
    zg_env_ensure "$ZG_TEST_CREDENTIALS" ZG_TEST_PG_PASSWORD zg_secret_password
    zg_env_ensure "$ZG_TEST_CREDENTIALS" ZG_TEST_AMQP_PASSWORD zg_secret_password
    local pg_password amqp_password
    pg_password=$(zg_env_get "$ZG_TEST_CREDENTIALS" ZG_TEST_PG_PASSWORD)
    amqp_password=$(zg_env_get "$ZG_TEST_CREDENTIALS" ZG_TEST_AMQP_PASSWORD)
    zg_info "test role $ZG_TEST_PG_ROLE and RabbitMQ user $ZG_TEST_AMQP_USER"
    zg_pg_ensure_login_role "$ZG_TEST_PG_ROLE" "$pg_password" || zg_die "could not create PostgreSQL role $ZG_TEST_PG_ROLE"
    zg_rmq_ensure_user "$ZG_TEST_AMQP_USER" "$amqp_password" administrator
    zg_rmq_grant_all "$ZG_TEST_AMQP_USER" /
    zg_unlock_infra

    mkdir -p "$ZG_RUN_DIR"
    (umask 077 && cat >"$ZG_TEST_ENV_FILE") <<EOT
# Test infrastructure of this checkout, written by ./zg test. To run tests by hand:
#   set -a; . .run/test.env; set +a; swift test --filter DatabaseTests
ZG_TEST_PG_ADMIN_URL=postgres://$ZG_TEST_PG_ROLE:$(zg_urlencode "$pg_password")@$ZG_PG_HOST:$ZG_PG_PORT/postgres
ZG_TEST_AMQP_URL=amqp://$ZG_TEST_AMQP_USER:$(zg_urlencode "$amqp_password")@$ZG_AMQP_HOST:$ZG_AMQP_PORT/
ZG_TEST_RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:$ZG_RABBITMQ_MANAGEMENT_PORT
ZG_TEST_CONTROL=$ZG_ROOT/scripts/test-control.sh
ZG_REPO_ROOT=$ZG_ROOT
EOT
    chmod 600 "$ZG_TEST_ENV_FILE"
}

# zg_test_export_env — exports the contract's variables from .run/test.env (they win over the caller's).
zg_test_export_env() {
    local line
    while IFS= read -r line; do
        [[ "$line" =~ ^ZG_[A-Z_]+= ]] && export "${line?}"
    done <"$ZG_TEST_ENV_FILE"
}

# zg_test_selects PHASE FILTER... — whether the test list (ids like Module.Suite/test()) has a test for
# PHASE (normal|disruptive) matching any FILTER (all when none). When the list cannot be read, says yes.
zg_test_selects() {
    local phase=$1 list f
    shift
    list=$(swift test list --skip-build 2>/dev/null) || return 0
    if [[ "$phase" == disruptive ]]; then
        # The runner matches --filter/--skip against ids that also hold the source file name, which the
        # list does not show: a test file named *Disruptive* counts too.
        if find "$ZG_ROOT/Tests" -name '*Disruptive*.swift' -print -quit 2>/dev/null | grep -q .; then
            return 0
        fi
        list=$(grep 'Disruptive' <<<"$list" || true)
    else
        list=$(grep -v 'Disruptive' <<<"$list" || true)
    fi
    [[ -n "$list" ]] || return 1
    (($# == 0)) && return 0
    for f in "$@"; do
        # grep -E approximates the runner's regular expressions; when it cannot parse one, run anyway.
        grep -Eq -- "$f" <<<"$list"
        case $? in 0 | 2) return 0 ;; esac
    done
    return 1
}

# zg_test_tally XML... — prints "passed failed skipped" over the testcases of xUnit reports.
zg_test_tally() {
    # One record per XML tag (RS="<"): a testcase fails when it holds a <failure>, is skipped with <skipped>.
    awk '
        function close_case() { if (open) { if (failed) f++; else if (skipped) s++; else p++ } open = failed = skipped = 0 }
        BEGIN { RS = "<" }
        /^testcase[ \t\n\/>]/ { close_case(); open = 1; if ($0 ~ /^[^>]*\/>/) close_case(); next }
        /^failure[ \t\n\/>]/ { failed = 1 }
        /^skipped[ \t\n\/>]/ { skipped = 1 }
        /^\/testcase>/ { close_case() }
        END { close_case(); printf "%d %d %d\n", p, f, s }
    ' "$@"
}

# zg_test_run NAME SWIFT-TEST-ARGS... — one `swift test --skip-build` run with its output shown; its xUnit
# report goes to .run/test-results/NAME*.xml. Sets ZG_TEST_RC.
zg_test_run() {
    local name=$1
    shift
    local results="$ZG_RUN_DIR/test-results"
    mkdir -p "$results"
    rm -f "$results/$name.xml" "$results/$name-swift-testing.xml"
    zg_info "swift test --skip-build $*"
    ZG_TEST_RC=0
    swift test --skip-build --xunit-output "$results/$name.xml" "$@" || ZG_TEST_RC=$?
}

# zg_test ARGS... — the whole `zg test`. ARGS go to both runs; each --filter is narrowed to Disruptive
# suites for the serial run (a test id must match both).
zg_test() {
    zg_require_root test
    zg_ensure_swift
    cd "$ZG_ROOT" || exit 1
    zg_test_prepare_servers
    zg_test_export_env

    local filters=() others=() a
    while (($# > 0)); do
        a=$1
        shift
        case "$a" in
            --filter=*) filters+=("${a#--filter=}") ;;
            --filter)
                (($# > 0)) || zg_die "--filter needs a value"
                filters+=("$1")
                shift
                ;;
            *) others+=("$a") ;;
        esac
    done
    local normal_args=(--skip Disruptive) disruptive_args=(--no-parallel) f
    for f in "${filters[@]+"${filters[@]}"}"; do
        normal_args+=(--filter "$f")
        disruptive_args+=(--filter "^(?=.*Disruptive)(?=.*(?:$f))")
    done
    ((${#filters[@]} == 0)) && disruptive_args+=(--filter Disruptive)
    normal_args+=("${others[@]+"${others[@]}"}")
    disruptive_args+=("${others[@]+"${others[@]}"}")

    mkdir -p "$ZG_LOG_DIR"
    zg_info "building the tests (swift build --build-tests; also in ${ZG_LOG_DIR#"$ZG_ROOT"/}/test-build.log)"
    local build_rc=0
    swift build --build-tests 2>&1 | tee "$ZG_LOG_DIR/test-build.log" || build_rc=$?
    if ((build_rc != 0)); then
        zg_error "the test build failed (exit $build_rc)"
        printf '0 passed, 1 failed\n'
        exit 1
    fi

    local normal_rc=0 disruptive_rc=0 ran=()
    if zg_test_selects normal "${filters[@]+"${filters[@]}"}"; then
        zg_info "=== normal tests (parallel) ==="
        zg_test_run normal "${normal_args[@]}"
        normal_rc=$ZG_TEST_RC
        ran+=(normal)
    else
        zg_info "no normal tests selected"
    fi
    if zg_test_selects disruptive "${filters[@]+"${filters[@]}"}"; then
        zg_info "=== Disruptive tests (serial: they restart the shared servers) ==="
        zg_test_run disruptive "${disruptive_args[@]}"
        disruptive_rc=$ZG_TEST_RC
        ran+=(disruptive)
    else
        zg_info "no Disruptive tests selected"
    fi

    local reports=() r passed=0 failed=0 skipped=0 counts
    for r in "${ran[@]+"${ran[@]}"}"; do
        for f in "$ZG_RUN_DIR/test-results/$r.xml" "$ZG_RUN_DIR/test-results/$r-swift-testing.xml"; do
            [[ -s "$f" ]] && reports+=("$f")
        done
    done
    if ((${#reports[@]} > 0)); then
        read -r passed failed skipped < <(zg_test_tally "${reports[@]}")
    fi
    echo
    zg_info "normal run exit code: $normal_rc, Disruptive run exit code: $disruptive_rc (reports in ${ZG_RUN_DIR#"$ZG_ROOT"/}/test-results)"
    if ((normal_rc != 0 || disruptive_rc != 0)) && ((failed == 0)); then
        failed=1 # a runner failed without a failing test in its report (crash, build of a runner, …)
    fi
    counts="$passed passed, $failed failed"
    ((skipped > 0)) && counts+=", $skipped skipped"
    printf 'zg: %s\n' "$counts"
    ((normal_rc == 0 && disruptive_rc == 0))
}
