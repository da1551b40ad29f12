-- The timeline of service starts (deployments, restarts, scaling), fed by platform.service.started.v1.
CREATE TABLE service_starts (
    instance_id    uuid        PRIMARY KEY,
    service        text        NOT NULL,
    version        text        NOT NULL,
    schema_version integer     NOT NULL,
    started_at     timestamptz NOT NULL,
    message_id     uuid        NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_starts_by_service ON service_starts (service, started_at DESC);
