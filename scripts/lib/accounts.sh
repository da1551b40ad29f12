# shellcheck shell=bash
# Accounts from the command line: `./zg invite realtor`, `./zg superadmin add --telegram-id ID` (docs/accounts.md).
# Both run `zhilyego-ops` from the release build as the admin service's database role; the last line of their
# output is what tests and people take (the code; the login and password). Sourced, never executed; needs
# common.sh, secrets.sh and services.sh.

# zg_ops_as_admin ARGS... — runs zhilyego-ops with the admin service's DATABASE_URL.
zg_ops_as_admin() {
    local ops="$ZG_BIN_DIR/zhilyego-ops"
    [[ -x "$ops" ]] || zg_die "$ops is missing: run ./zg up first (it builds the release)"
    [[ -f "$ZG_ENV_FILE" ]] || zg_die "$ZG_ENV_FILE is missing: run ./zg up first"
    zg_env_load "$ZG_ENV_FILE"
    [[ -n "${DB_PASSWORD_ADMIN:-}" ]] || zg_die "DB_PASSWORD_ADMIN is not set (is $ZG_ENV_FILE complete?)"
    env "DATABASE_URL=$(zg_database_url zhilyego_admin "$DB_PASSWORD_ADMIN")" "ZHILYEGO_ENV=${ZHILYEGO_ENV:-development}" \
        "LOG_LEVEL=${LOG_LEVEL:-warning}" "$ops" "$@"
}

zg_invite() {
    [[ "${1:-}" == realtor && $# -eq 1 ]] || zg_die "usage: ./zg invite realtor"
    zg_ops_as_admin invite realtor
}

zg_superadmin() {
    [[ "${1:-}" == add ]] || zg_die "usage: ./zg superadmin add --telegram-id ID"
    shift
    local id=
    case "${1:-}" in
        --telegram-id) id=${2:-} ;;
        --telegram-id=*) id=${1#--telegram-id=} ;;
    esac
    [[ "$id" =~ ^[1-9][0-9]{0,18}$ ]] || zg_die "usage: ./zg superadmin add --telegram-id ID (a Telegram user id)"
    zg_ops_as_admin superadmin add --telegram-id "$id"
}
