# ЖильеGO application image: every product executable of the package (the seven services and the tools)
# in one image; docker-compose.yml picks the executable per container with `command`.

# --- Build -------------------------------------------------------------------------------------------------
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        librabbitmq-dev libpq-dev libcurl4-openssl-dev libssl-dev libcairo2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /src
# Dependencies first, so that source changes do not invalidate the resolved packages layer.
COPY Package.* ./
RUN swift package resolve
COPY . .
# Static Swift runtime: the runtime image needs only the C libraries below.
RUN swift build -c release --static-swift-stdlib \
    && bin="$(swift build -c release --static-swift-stdlib --show-bin-path)" \
    && mkdir -p /staging \
    && find "$bin" -maxdepth 1 -type f -executable -exec cp -a {} /staging/ \; \
    && find "$bin" -maxdepth 1 -type d -name '*.resources' -exec cp -a {} /staging/ \; \
    && ls -l /staging

# --- Runtime -----------------------------------------------------------------------------------------------
FROM debian:bookworm-slim

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libpq5 librabbitmq4 libcurl4 libssl3 libcairo2 ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --home-dir /app --no-create-home zhilyego

WORKDIR /app
# Binaries and their resource bundles (<package>_<target>.resources, found next to the executable).
COPY --from=build /staging/ /app/
ENV PATH=/app:$PATH
USER zhilyego:zhilyego
EXPOSE 8080
CMD ["admin"]
