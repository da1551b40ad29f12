import ArgumentParser
import Catalog
import CatalogDemo
import Contracts
import Cryptography
import Database
import Foundation
import Logging
import ServiceRuntime

/// Loads the demo catalog (46 apartments in every district of the three cities, six generated photos each) into
/// the catalog schema. Idempotent: run it again and nothing changes. Reads DATABASE_URL (the catalog's own role,
/// `zhilyego_catalog`) and CODES_ENCRYPTION_KEYS (the catalog's keys: the current one seals the demo codes).
struct DemoCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-catalog",
        abstract: "Load the demo catalog (idempotent); its events are published by the running catalog service.")

    @Flag(help: "Do nothing when the catalog already holds apartments (for start-up scripts).")
    var ifEmpty = false

    func run() async throws {
        ProcessBootstrap.bootstrap()
        let logger = Logger(label: "ops.demo-catalog")
        let reader = ConfigReader()
        let catalog = try CatalogConfiguration.load(from: reader)
        try await withCatalogDatabase(reader: reader, logger: logger) { pool in
            try await CatalogApp.migrate(pool, logger: logger)
            if ifEmpty, try await DemoCatalogLoader.apartmentCount(pool) > 0 {
                logger.info("the catalog already holds apartments; demo catalog not loaded")
                print("demo catalog: skipped, the catalog is not empty")
                return
            }
            let start = ContinuousClock.now
            let summary = try await DemoCatalogLoader(database: pool, keyring: catalog.keyring, logger: logger).load()
            logger.info("demo catalog loaded", metadata: [
                "apartments": "\(summary.apartments)", "created": "\(summary.created)",
                "updated": "\(summary.updated)", "unchanged": "\(summary.unchanged)", "photos": "\(summary.photos)",
                "events": "\(summary.events)", "duration": "\(ContinuousClock.now - start)",
            ])
            print("demo catalog: \(summary)")
        }
    }
}

/// Re-seals every access code sealed with an older key with the current one (the first of
/// CODES_ENCRYPTION_KEYS), so that the old key can then be removed. Idempotent; safe while the catalog runs.
struct ResealCodesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal-codes",
        abstract: "Re-encrypt access codes with the current key of CODES_ENCRYPTION_KEYS (key rotation).")

    func run() async throws {
        ProcessBootstrap.bootstrap()
        let logger = Logger(label: "ops.reseal-codes")
        let reader = ConfigReader()
        let catalog = try CatalogConfiguration.load(from: reader)
        try await withCatalogDatabase(reader: reader, logger: logger) { pool in
            let summary = try await AccessCodeRotation(database: pool, vault: AccessCodeVault(keyring: catalog.keyring))
                .resealAll()
            logger.info("access codes re-sealed", metadata: [
                "apartments.checked": "\(summary.checked)", "apartments.resealed": "\(summary.resealed)",
                "codes.key.current": "\(catalog.keyring.current.id)",
            ])
            print("reseal-codes: \(summary.resealed) of \(summary.checked) apartments re-sealed with key \(catalog.keyring.current.id)")
        }
    }
}

/// A small pool on the catalog schema from DATABASE_URL, shut down afterwards.
private func withCatalogDatabase(reader: ConfigReader, logger: Logger,
                                 _ body: (DatabasePool) async throws -> Void) async throws
{
    var configuration = DatabaseConfiguration(url: try reader.url("DATABASE_URL", schemes: ["postgres", "postgresql"]))
    configuration.poolSize = 2
    configuration.applicationName = "zhilyego-ops"
    configuration.searchPath = CatalogApp.service.rawValue
    let pool = DatabasePool(configuration: configuration, logger: logger)
    do {
        try await body(pool)
    } catch {
        await pool.shutdown()
        throw error
    }
    await pool.shutdown()
}
