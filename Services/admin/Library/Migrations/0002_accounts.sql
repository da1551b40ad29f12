-- Accounts and roles (docs/accounts.md). Everyone is a guest; a row exists for people with another role or
-- with a web login. Invite codes are stored as hashes only; every role change is audited.

CREATE TABLE accounts (
    telegram_id   bigint PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('guest', 'realtor', 'superadmin')),
    -- The realtor's name and contact phone (E.164) given when redeeming an invite.
    display_name  text,
    phone         text,
    -- The web panel's login and bcrypt hash (superadmins from `zhilyego-ops superadmin add`).
    login         text UNIQUE,
    password_hash text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invite_codes (
    -- SHA-256 (hex) of the canonical code: the code itself is shown once and never stored.
    code_hash   text PRIMARY KEY,
    role        text NOT NULL CHECK (role IN ('realtor')),
    -- The superadmin who created it; NULL for an operator's command.
    created_by  bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    redeemed_by bigint,
    redeemed_at timestamptz,
    CHECK ((redeemed_by IS NULL) = (redeemed_at IS NULL))
);

CREATE TABLE role_audit (
    id            bigserial PRIMARY KEY,
    telegram_id   bigint NOT NULL,
    previous_role text NOT NULL,
    role          text NOT NULL,
    -- A Telegram user id, or NULL for an operator's command.
    changed_by    bigint,
    reason        text NOT NULL,
    occurred_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX role_audit_by_user ON role_audit (telegram_id, id);

-- Failed invite attempts per user, for throttling guessing (kept a day).
CREATE TABLE invite_attempts (
    telegram_id  bigint NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invite_attempts_recent ON invite_attempts (telegram_id, attempted_at);
