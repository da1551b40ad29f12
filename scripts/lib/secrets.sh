# shellcheck shell=bash
# Env files with generated secrets (.env.local, the test credentials): NAME=value lines, readable by
# docker-compose's --env-file too. Sourced, never executed; needs common.sh.

# zg_env_get FILE NAME — prints NAME's value from FILE; fails when FILE has no such line.
zg_env_get() {
    [[ -f "$1" ]] || return 1
    local line
    line=$(grep -m1 -E "^$2=" "$1") || return 1
    printf '%s\n' "${line#*=}"
}

# zg_env_ensure FILE NAME COMMAND... — appends NAME=$(COMMAND...) to FILE (created with mode 600) unless
# FILE already has NAME. Existing values are never changed, so secrets stay stable across runs.
zg_env_ensure() {
    local file=$1 name=$2 value
    shift 2
    if [[ ! -f "$file" ]]; then
        mkdir -p "$(dirname "$file")"
        (umask 077 && : >"$file")
    fi
    chmod 600 "$file"
    zg_env_get "$file" "$name" >/dev/null && return 0
    value=$("$@") || zg_die "could not generate $name"
    [[ -n "$value" ]] || zg_die "could not generate $name"
    printf '%s=%s\n' "$name" "$value" >>"$file"
}

# zg_env_load FILE — sets every NAME=value of FILE that the caller's environment does not already set, as a
# shell variable (not exported: each service gets only what zg_service_env gives it, not every secret).
# Variables from the environment win (e.g. a real TELEGRAM_BOT_TOKEN).
zg_env_load() {
    local line name
    while IFS= read -r line || [[ -n "$line" ]]; do
        [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue
        name=${line%%=*}
        [[ -n "${!name+set}" ]] || printf -v "$name" '%s' "${line#*=}"
    done <"$1"
}

zg_secret_password() { zg_random_hex 24; }
zg_secret_session() { zg_random_hex 32; }
# A 32-byte AES-256-GCM key with its id: "k1:<base64>" (the id lets keys rotate: "k2:…,k1:…").
zg_secret_codes_keys() { printf 'k1:%s\n' "$(openssl rand -base64 32)"; }

# zg_local_env_ensure — creates or completes .env.local with every secret `zg up` needs.
zg_local_env_ensure() {
    local new=0 svc
    [[ -f "$ZG_ENV_FILE" ]] || new=1
    if ((new)); then
        (umask 077 && cat >"$ZG_ENV_FILE") <<'EOF_HEADER'
# Local secrets of this checkout for ./zg up: generated once, never committed (.gitignore).
# Variables set in your shell override these. See .env.example for what each one means.
EOF_HEADER
    fi
    for svc in "${ZG_SERVICES[@]}"; do
        zg_env_ensure "$ZG_ENV_FILE" "DB_PASSWORD_${svc^^}" zg_secret_password
    done
    zg_env_ensure "$ZG_ENV_FILE" DB_ADMIN_PASSWORD zg_secret_password
    zg_env_ensure "$ZG_ENV_FILE" AMQP_PASSWORD zg_secret_password
    zg_env_ensure "$ZG_ENV_FILE" CODES_ENCRYPTION_KEYS zg_secret_codes_keys
    zg_env_ensure "$ZG_ENV_FILE" ADMIN_SESSION_SECRET zg_secret_session
    ((new)) && zg_info "generated $ZG_ENV_FILE (mode 600) with fresh secrets"
    return 0
}
