import ArgumentParser
import Contracts
import Database
import Logging
import ServiceRuntime

/// Operations commands for ЖильеGO. Configuration comes from the environment, like the services'.
@main
struct Ops: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zhilyego-ops",
        abstract: "ЖильеGO operations: database provisioning, demo data and maintenance.",
        subcommands: [Provision.self, DemoCatalogCommand.self, ResealCodesCommand.self, InviteCommand.self,
                      SuperadminCommand.self])
}

/// Creates (or updates) every service's PostgreSQL role and schema so that each service can use only its own
/// schema, and creates the extensions their migrations need (btree_gist, in schema public). Idempotent. Reads
/// ADMIN_DATABASE_URL (the database's owner, with CREATEROLE) and DB_PASSWORD_<SERVICE> for each service.
struct Provision: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or update the per-service database roles and schemas.")

    @Option(help: "Provision only these services (default: all).")
    var service: [String] = []

    func run() async throws {
        ProcessBootstrap.bootstrap()
        let logger = Logger(label: "ops.provision")
        let reader = ConfigReader()
        let services = service.isEmpty ? ServiceName.all : service.map { ServiceName(rawValue: $0) }
        let unknown = services.filter { !ServiceName.all.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown service(s): \(unknown.map(\.rawValue).joined(separator: ", "))")
        }
        // Every password is read before anything changes, so a missing one stops the run untouched.
        let passwords = try services.map { name in
            (name, try reader.required("DB_PASSWORD_\(name.rawValue.uppercased())"))
        }
        var configuration = DatabaseConfiguration(url: try reader.url("ADMIN_DATABASE_URL",
                                                                      schemes: ["postgres", "postgresql"]))
        configuration.poolSize = 1
        configuration.applicationName = "zhilyego-ops"
        let pool = DatabasePool(configuration: configuration, logger: logger)
        let provisioner = DatabaseProvisioner(pool: pool)
        // Extensions first (as the database owner): booking's migrations need btree_gist.
        try await provisioner.createServiceExtensions()
        for (name, password) in passwords {
            try await provisioner.provisionService(schema: name.rawValue, role: "zhilyego_\(name.rawValue)",
                                                   password: password)
            logger.info("provisioned", metadata: ["service": "\(name)", "role": "zhilyego_\(name.rawValue)"])
        }
        await pool.shutdown()
    }
}
