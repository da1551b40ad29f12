import Contracts
import Database
import Foundation

/// What makes a service: its name, default port, migrations and the one function that builds its parts.
/// `main.swift` of every service is `await ServiceApp.main(<Name>App.self)`.
public protocol ServiceDefinition: SendableMetatype {
    static var service: ServiceName { get }
    static var defaultPort: Int { get }
    /// The service's own numbered SQL migrations (usually `try bundledMigrations(.module)`).
    static func migrations() throws -> [Migration]
    static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts
}

extension ServiceApp {
    public static func main<Definition: ServiceDefinition>(_: Definition.Type) async {
        await main(service: Definition.service, defaultPort: Definition.defaultPort,
                   migrations: { try Definition.migrations() }, build: { try await Definition.build($0) })
    }
}

/// Loads the numbered SQL files a service target ships as its `Migrations` resource folder.
public func bundledMigrations(_ bundle: Bundle) throws -> [Migration] {
    guard let directory = bundle.url(forResource: "Migrations", withExtension: nil) else {
        throw MissingMigrations(bundle: bundle.bundlePath)
    }
    return try Migration.load(directory: directory)
}

struct MissingMigrations: Error, CustomStringConvertible {
    let bundle: String
    var description: String { "no Migrations folder in resource bundle \(bundle)" }
}
