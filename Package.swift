// swift-tools-version:6.0
import PackageDescription

/// One set of settings for every target: Swift 6 language mode and the same upcoming features everywhere.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")

/// The services: a library with all logic plus a tiny executable named after the service. Each library depends on
/// what it imports (HTTPTypes and NIOCore, which the HTTP services also import, come with Hummingbird).
let services: [(name: String, module: String, dependencies: [Target.Dependency])] = [
    ("gateway", "Gateway", ["Contracts", "Database", "Messaging", "ServiceRuntime", "HTTPClient", "Presentation", log,
                            hummingbird, lifecycle, metrics]),
    ("catalog", "Catalog", ["Contracts", "Database", "Messaging", "ServiceRuntime", "Cryptography", log]),
    ("booking", "Booking", ["Contracts", "Database", "Messaging", "ServiceRuntime", "Toolkit", log]),
    ("payments", "Payments", ["Contracts", "Database", "Messaging", "ServiceRuntime", "HTTPClient", "Toolkit", log,
                              hummingbird, lifecycle]),
    ("notifier", "Notifier", ["Contracts", "Database", "Messaging", "ServiceRuntime", "HTTPClient", "Presentation", log,
                              lifecycle]),
    ("analytics", "Analytics", ["Contracts", "Database", "Messaging", "ServiceRuntime", log]),
    ("admin", "Admin", ["Contracts", "Database", "Messaging", "ServiceRuntime", "Cryptography", log,
                        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")]),
]

var targets: [Target] = [
    // C libraries fixed by the design card.
    .systemLibrary(name: "CRabbitMQ", path: "Libraries/CRabbitMQ", pkgConfig: "librabbitmq",
                   providers: [.apt(["librabbitmq-dev"])]),
    .systemLibrary(name: "CLibPQ", path: "Libraries/CLibPQ", pkgConfig: "libpq",
                   providers: [.apt(["libpq-dev"])]),
    .systemLibrary(name: "CCurl", path: "Libraries/CCurl", pkgConfig: "libcurl",
                   providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "COpenSSL", path: "Libraries/COpenSSL", pkgConfig: "openssl",
                   providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CCairo", path: "Libraries/CCairo", pkgConfig: "cairo",
                   providers: [.apt(["libcairo2-dev"])]),

    // Foundation-only message contracts: the only thing services share about each other.
    .target(name: "Contracts", path: "Libraries/Contracts", swiftSettings: swiftSettings),
    // How Telegram texts show money, dates and outside text, and the bot's callback data: shared by every service
    // that writes to Telegram (gateway, notifier).
    .target(name: "Presentation", dependencies: ["Contracts"], path: "Libraries/Presentation",
            swiftSettings: swiftSettings),

    // Foundation-only helpers every layer uses: Locked, Duration conversions, JSON string literals.
    .target(name: "Toolkit", path: "Libraries/Toolkit", swiftSettings: swiftSettings),

    // Thin, safe Swift layers over the C libraries.
    .target(name: "Database", dependencies: ["CLibPQ", "Toolkit", log], path: "Libraries/Database",
            swiftSettings: swiftSettings),
    .target(name: "Messaging", dependencies: ["CRabbitMQ", "Contracts", "Database", "Toolkit", log,
                                              .product(name: "Metrics", package: "swift-metrics")],
            path: "Libraries/Messaging", swiftSettings: swiftSettings),
    .target(name: "HTTPClient", dependencies: ["CCurl", "Toolkit", log], path: "Libraries/HTTPClient",
            swiftSettings: swiftSettings),
    .target(name: "Cryptography", dependencies: ["COpenSSL"], path: "Libraries/Crypto", swiftSettings: swiftSettings),
    .target(name: "ServiceRuntime",
            dependencies: ["Database", "Messaging", "Contracts", "Toolkit", log,
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "UnixSignals", package: "swift-service-lifecycle")],
            path: "Libraries/ServiceRuntime", swiftSettings: swiftSettings),

    // Command-line tools (operations: provisioning, the demo catalog).
    // The demo catalog (apartments and their photos drawn with cairo) serves only the ops tool and the tests.
    .target(name: "CatalogDemo",
            dependencies: ["Catalog", "Contracts", "Cryptography", "Database", "Messaging", "CCairo", log],
            path: "Tools/catalog-demo", swiftSettings: swiftSettings),
    .executableTarget(name: "OpsTool",
                      dependencies: ["Database", "ServiceRuntime", "Catalog", "CatalogDemo", "Admin", "Contracts",
                                     "Cryptography", "Messaging", log,
                                     .product(name: "ArgumentParser", package: "swift-argument-parser")],
                      path: "Tools/ops", swiftSettings: swiftSettings),
    .executableTarget(name: "BusBenchmark",
                      dependencies: ["Messaging", "Database", "Contracts", "CRabbitMQ", log],
                      path: "Tools/bus-benchmark", swiftSettings: swiftSettings),

    .executableTarget(name: "BotBenchmark", dependencies: ["HTTPClient", log],
                      path: "Tools/bot-benchmark", swiftSettings: swiftSettings),
    .executableTarget(name: "BookingBenchmark",
                      dependencies: ["HTTPClient", "Messaging", "Contracts", "KaspiSandbox", log],
                      path: "Tools/booking-benchmark", swiftSettings: swiftSettings),
    .executableTarget(name: "NotifierBenchmark",
                      dependencies: ["HTTPClient", "Messaging", "Contracts", "Database", log],
                      path: "Tools/notifier-benchmark", swiftSettings: swiftSettings),

    // Local stand-ins for the outside world, speaking the real protocols (Telegram Bot API, Kaspi).
    .target(name: "TelegramSandbox",
            dependencies: [log, "HTTPClient", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tools/telegram-sandbox/Library", resources: [.copy("Page/chat.html")], swiftSettings: swiftSettings),
    .executableTarget(name: "TelegramSandboxMain",
                      dependencies: ["TelegramSandbox", "ServiceRuntime", log, lifecycle, unixSignals],
                      path: "Tools/telegram-sandbox/Executable", swiftSettings: swiftSettings),
    .target(name: "KaspiSandbox",
            dependencies: [log, "HTTPClient", "Toolkit", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tools/kaspi-sandbox/Library", swiftSettings: swiftSettings),
    .executableTarget(name: "KaspiSandboxMain",
                      dependencies: ["KaspiSandbox", "ServiceRuntime", log, lifecycle, unixSignals],
                      path: "Tools/kaspi-sandbox/Executable", swiftSettings: swiftSettings),

    // Tests: one target per library, one for the services, run against real PostgreSQL and RabbitMQ.
    .target(name: "TestSupport",
            dependencies: ["Database", "Messaging", "HTTPClient", "ServiceRuntime", "Contracts", log,
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            path: "Tests/TestSupport", swiftSettings: swiftSettings),
    .testTarget(name: "ToolkitTests", dependencies: ["Toolkit"], path: "Tests/ToolkitTests",
                swiftSettings: swiftSettings),
    .testTarget(name: "ContractsTests", dependencies: ["Contracts"], path: "Tests/ContractsTests",
                resources: [.copy("Golden")], swiftSettings: swiftSettings),
    .testTarget(name: "PresentationTests", dependencies: ["Presentation", "Contracts"], path: "Tests/PresentationTests",
                swiftSettings: swiftSettings),
    .testTarget(name: "DatabaseTests", dependencies: ["Database", "TestSupport"], path: "Tests/DatabaseTests",
                swiftSettings: swiftSettings),
    .testTarget(name: "MessagingTests", dependencies: ["Messaging", "Database", "TestSupport", "Contracts"],
                path: "Tests/MessagingTests", swiftSettings: swiftSettings),
    .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport",
                                                        .product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/HTTPClientTests", swiftSettings: swiftSettings),
    .testTarget(name: "CryptographyTests", dependencies: ["Cryptography"], path: "Tests/CryptoTests",
                swiftSettings: swiftSettings),
    .testTarget(name: "ServiceRuntimeTests",
                dependencies: ["ServiceRuntime", "TestSupport", "Contracts", "Database", "Messaging"],
                path: "Tests/ServiceRuntimeTests", swiftSettings: swiftSettings),
    .testTarget(name: "TelegramSandboxTests",
                dependencies: ["TelegramSandbox", "HTTPClient", "TestSupport",
                               .product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/TelegramSandboxTests", swiftSettings: swiftSettings),
    .testTarget(name: "CatalogTests",
                dependencies: ["Catalog", "CatalogDemo", "TestSupport", "Database", "Messaging", "Contracts", "Cryptography",
                               "ServiceRuntime"],
                path: "Tests/CatalogTests", swiftSettings: swiftSettings),
    .testTarget(name: "GatewayTests", dependencies: ["Gateway", "Presentation", "TestSupport", "HTTPClient", "Contracts", "Database", "Messaging", "TelegramSandbox", "ServiceRuntime"], path: "Tests/GatewayTests", swiftSettings: swiftSettings),
    .testTarget(name: "KaspiSandboxTests",
                dependencies: ["KaspiSandbox", "HTTPClient", "TestSupport",
                               .product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/KaspiSandboxTests", swiftSettings: swiftSettings),
    .testTarget(name: "BookingTests",
                dependencies: ["Booking", "Catalog", "TestSupport", "Database", "Messaging", "Contracts", "ServiceRuntime"],
                path: "Tests/BookingTests", swiftSettings: swiftSettings),
    .testTarget(name: "PaymentsTests",
                dependencies: ["Payments", "KaspiSandbox", "TestSupport", "HTTPClient", "Database", "Messaging",
                               "Contracts", "ServiceRuntime", .product(name: "Hummingbird", package: "hummingbird")],
                path: "Tests/PaymentsTests", swiftSettings: swiftSettings),
    .testTarget(name: "NotifierTests",
                dependencies: ["Notifier", "Presentation", "TelegramSandbox", "TestSupport", "HTTPClient", "Database",
                               "Messaging", "Contracts", "ServiceRuntime"],
                path: "Tests/NotifierTests", swiftSettings: swiftSettings),
    .testTarget(name: "AdminTests",
                dependencies: ["Admin", "TestSupport", "Database", "Messaging", "Contracts", "ServiceRuntime"],
                path: "Tests/AdminTests", swiftSettings: swiftSettings),
    .testTarget(name: "PlatformTests",
                dependencies: ["TestSupport", "HTTPClient", "Database", "Messaging", "Contracts", "ServiceRuntime"]
                    + services.map { .target(name: $0.module) },
                path: "Tests/PlatformTests", swiftSettings: swiftSettings),
]

var products: [Product] = [
    .executable(name: "zhilyego-ops", targets: ["OpsTool"]),
    .executable(name: "bus-benchmark", targets: ["BusBenchmark"]),
    .executable(name: "telegram-sandbox", targets: ["TelegramSandboxMain"]),
    .executable(name: "bot-benchmark", targets: ["BotBenchmark"]),
    .executable(name: "kaspi-sandbox", targets: ["KaspiSandboxMain"]),
    .executable(name: "booking-benchmark", targets: ["BookingBenchmark"]),
    .executable(name: "notifier-benchmark", targets: ["NotifierBenchmark"]),
]

for service in services {
    targets.append(.target(
        name: service.module,
        dependencies: service.dependencies,
        path: "Services/\(service.name)/Library",
        resources: [.copy("Migrations")],
        swiftSettings: swiftSettings))
    targets.append(.executableTarget(
        name: "\(service.module)Main",
        dependencies: [.target(name: service.module), "ServiceRuntime"],
        path: "Services/\(service.name)/Executable",
        swiftSettings: swiftSettings))
    products.append(.executable(name: service.name, targets: ["\(service.module)Main"]))
}

let package = Package(
    name: "zhilyego",
    platforms: [.macOS(.v14)],
    products: products,
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: targets
)
