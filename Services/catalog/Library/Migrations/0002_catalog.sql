-- The catalog: cities and their districts (seeded here, stable ids), apartments with encrypted access codes,
-- photos stored once by checksum with per-bot Telegram file_id caches, and the audit of access-detail reveals.

CREATE TABLE cities (
    id       integer PRIMARY KEY,
    slug     text    NOT NULL UNIQUE,
    name     text    NOT NULL,
    position integer NOT NULL
);

CREATE TABLE districts (
    id       integer PRIMARY KEY,
    city_id  integer NOT NULL REFERENCES cities (id),
    slug     text    NOT NULL,
    name     text    NOT NULL,
    position integer NOT NULL,
    UNIQUE (city_id, slug),
    -- Target of apartments' (city_id, district_id) foreign key: a district always belongs to the apartment's city.
    UNIQUE (city_id, id)
);

INSERT INTO cities (id, slug, name, position) VALUES
    (1, 'astana',   'Астана',  1),
    (2, 'almaty',   'Алматы',  2),
    (3, 'shymkent', 'Шымкент', 3);

-- Current administrative districts (Astana got its sixth, Сарайшык, in 2024). Positions: alphabetical.
INSERT INTO districts (id, city_id, slug, name, position) VALUES
    (101, 1, 'almaty',     'Алматы',          1),
    (102, 1, 'baikonur',   'Байконур',        2),
    (103, 1, 'yesil',      'Есиль',           3),
    (104, 1, 'nura',       'Нура',            4),
    (106, 1, 'saraishyk',  'Сарайшык',        5),
    (105, 1, 'saryarka',   'Сарыарка',        6),
    (201, 2, 'alatau',     'Алатауский',      1),
    (202, 2, 'almaly',     'Алмалинский',     2),
    (203, 2, 'auezov',     'Ауэзовский',      3),
    (204, 2, 'bostandyk',  'Бостандыкский',   4),
    (205, 2, 'zhetysu',    'Жетысуский',      5),
    (206, 2, 'medeu',      'Медеуский',       6),
    (207, 2, 'nauryzbay',  'Наурызбайский',   7),
    (208, 2, 'turksib',    'Турксибский',     8),
    (301, 3, 'abay',       'Абайский',        1),
    (302, 3, 'al-farabi',  'Аль-Фарабийский', 2),
    (303, 3, 'enbekshi',   'Енбекшинский',    3),
    (304, 3, 'karatau',    'Каратауский',     4),
    (305, 3, 'turan',      'Туран',           5);

CREATE TABLE apartments (
    id                   uuid        PRIMARY KEY,
    -- Telegram user id of the owning realtor.
    realtor_id           bigint      NOT NULL,
    city_id              integer     NOT NULL,
    district_id          integer     NOT NULL,
    class                text        NOT NULL CHECK (class IN ('comfort', 'business', 'premium')),
    -- 4 means «4+».
    rooms                smallint    NOT NULL CHECK (rooms BETWEEN 1 AND 4),
    -- Integer tiyn (1 ₸ = 100 tiyn), at most 10 000 000 ₸ a night.
    price_per_night_tiyn bigint      NOT NULL CHECK (price_per_night_tiyn BETWEEN 1 AND 1000000000),
    address              text        NOT NULL DEFAULT '',
    entrance             text        NOT NULL DEFAULT '',
    floor                smallint,
    apartment_number     text        NOT NULL DEFAULT '',
    -- AES-256-GCM sealed boxes (Cryptography.SealedBox storage format, key id inside), bound to the apartment id
    -- and the field by associated data: never plaintext.
    intercom_code_sealed bytea,
    safe_code_sealed     bytea,
    description          text        NOT NULL DEFAULT '',
    -- E.164, +7XXXXXXXXXX.
    realtor_phone        text        NOT NULL DEFAULT '',
    published            boolean     NOT NULL DEFAULT false,
    published_at         timestamptz,
    hidden               boolean     NOT NULL DEFAULT false,
    hidden_at            timestamptz,
    -- Review aggregate (maintained from review events): average = rating_sum / rating_count.
    rating_sum           bigint      NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
    rating_count         integer     NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (city_id, district_id) REFERENCES districts (city_id, id),
    CHECK (published = (published_at IS NOT NULL)),
    CHECK (NOT published OR (intercom_code_sealed IS NOT NULL AND safe_code_sealed IS NOT NULL))
);

-- Search: listed apartments of a city by district, class and rooms, cheapest first.
CREATE INDEX apartments_search ON apartments (city_id, district_id, class, rooms, price_per_night_tiyn, id)
    WHERE published AND NOT hidden;
CREATE INDEX apartments_search_any_district ON apartments (city_id, class, rooms, price_per_night_tiyn, id)
    WHERE published AND NOT hidden;
CREATE INDEX apartments_by_realtor ON apartments (realtor_id, created_at);

-- Image bytes, stored once per content (the same file uploaded twice is one row).
CREATE TABLE photo_blobs (
    sha256     text        PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    mime_type  text        NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png')),
    width      integer     NOT NULL CHECK (width > 0),
    height     integer     NOT NULL CHECK (height > 0),
    byte_size  integer     NOT NULL CHECK (byte_size > 0),
    bytes      bytea       NOT NULL CHECK (octet_length(bytes) = byte_size),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- JPEG and PNG are compressed already: keep them out of line without trying to compress them again.
ALTER TABLE photo_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE apartment_photos (
    id           uuid        PRIMARY KEY,
    apartment_id uuid        NOT NULL REFERENCES apartments (id) ON DELETE CASCADE,
    position     smallint    NOT NULL CHECK (position BETWEEN 1 AND 6),
    blob_sha256  text        NOT NULL REFERENCES photo_blobs (sha256),
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (apartment_id, position),
    UNIQUE (apartment_id, blob_sha256)
);
CREATE INDEX apartment_photos_by_blob ON apartment_photos (blob_sha256);

-- Telegram file_id of a photo, per bot (file ids are only valid for the bot that uploaded the file).
CREATE TABLE photo_telegram_files (
    photo_id    uuid        NOT NULL REFERENCES apartment_photos (id) ON DELETE CASCADE,
    bot_id      bigint      NOT NULL,
    file_id     text        NOT NULL CHECK (file_id <> ''),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (photo_id, bot_id)
);

-- Every request for decrypted access details, granted or refused. No foreign key: the audit outlives apartments.
CREATE TABLE access_audit (
    id                 bigserial   PRIMARY KEY,
    apartment_id       uuid        NOT NULL,
    requester_role     text        NOT NULL CHECK (requester_role IN ('guest', 'realtor', 'superadmin')),
    requester_id       bigint      NOT NULL,
    booking_id         uuid,
    purpose            text        NOT NULL,
    channel            text        NOT NULL,
    granted            boolean     NOT NULL,
    refusal_reason     text,
    correlation_id     uuid,
    request_message_id uuid,
    occurred_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (granted = (refusal_reason IS NULL))
);
CREATE INDEX access_audit_by_apartment ON access_audit (apartment_id, occurred_at DESC);
CREATE INDEX access_audit_by_requester ON access_audit (requester_id, occurred_at DESC);
CREATE INDEX access_audit_by_booking ON access_audit (booking_id) WHERE booking_id IS NOT NULL;
