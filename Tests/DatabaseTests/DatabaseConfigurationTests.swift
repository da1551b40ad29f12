import Database
import Foundation
import Logging
import Testing
import TestSupport

@Suite struct DatabaseConfigurationTests {
    @Test(arguments: [
        ("postgres://svc:s3cr3t@db:5432/zhilyego", "postgres://svc:***@db:5432/zhilyego"),
        ("postgresql://svc:p%40ss%2Fw@127.0.0.1/db?sslmode=disable", "postgresql://svc:***@127.0.0.1/db?sslmode=disable"),
        ("postgres://svc@db/zhilyego", "postgres://svc@db/zhilyego"),
        ("postgres://db/zhilyego?user=svc&password=s3cr3t", "postgres://db/zhilyego?user=svc&password=***"),
        ("host=db user=svc password=s3cr3t dbname=x", "host=db user=svc password=***"),
    ])
    func redactsPasswords(url: String, redacted: String) {
        let configuration = DatabaseConfiguration(url: url)
        #expect(configuration.redactedURL == redacted)
        #expect(!configuration.description.contains("s3cr3t"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
    }

    @Test func replacesCredentialsAndDatabase() throws {
        let configuration = DatabaseConfiguration(url: "postgres://admin:pw@127.0.0.1:5432/postgres?sslmode=disable")
        let service = try configuration.replacingURL(user: "booking", password: "p@ss/word é", database: "zhilyego")
        #expect(service.url == "postgres://booking:p%40ss%2Fword%20%C3%A9@127.0.0.1:5432/zhilyego?sslmode=disable")
        #expect(service.redactedURL == "postgres://booking:***@127.0.0.1:5432/zhilyego?sslmode=disable")
        #expect(throws: DatabaseError.self) {
            try DatabaseConfiguration(url: "host=x").replacingURL(database: "y")
        }
    }

    @Test func errorDescriptionsNeverContainThePassword() async throws {
        let adminURL = try TestEnvironment.require("ZG_TEST_PG_ADMIN_URL")
        let admin = DatabaseConfiguration(url: adminURL)
        let password = "Zh1ly3-P@ss/wörd"
        var logger = Logger(label: "tests.database")
        logger.logLevel = .critical
        let encoded = password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password
        let wrongPassword = try admin.replacingURL(password: password).url
        let separator = wrongPassword.contains("?") ? "&" : "?"
        let urls = [
            // Wrong password for a real user.
            wrongPassword,
            // Options libpq echoes back in its error messages.
            wrongPassword + separator + "sslmode=" + encoded,
            "postgres://someone:\(encoded)@127.0.0.1:5432/postgres?application_name=x&bogus=\(encoded)",
            "postgres://someone:\(encoded)@127.0.0.1:notaport/postgres",
            "host=127.0.0.1 user=someone password=\(password) sslmode=\(password)",
        ]
        for url in urls {
            let pool = DatabasePool(configuration: DatabaseConfiguration(url: url, poolSize: 1), logger: logger)
            let error = try await #require(throws: DatabaseError.self) { try await pool.ping() }
            #expect(error.isConnectionFailure)
            for text in [error.description, error.message, "\(error)", String(reflecting: error)] {
                #expect(!text.contains(password), "\(text)")
                #expect(!text.contains("P@ss"), "\(text)")
                #expect(!text.contains(encoded), "\(text)")
            }
            await pool.shutdown()
        }
    }

    @Test func anInvalidSearchPathIsAConfigurationError() async throws {
        let adminURL = try TestEnvironment.require("ZG_TEST_PG_ADMIN_URL")
        var logger = Logger(label: "tests.database")
        logger.logLevel = .critical
        let pool = DatabasePool(
            configuration: DatabaseConfiguration(url: adminURL, poolSize: 1, searchPath: "ok, "),
            logger: logger)
        let error = try await #require(throws: DatabaseError.self) { try await pool.ping() }
        #expect(error.kind == .configuration)
        await pool.shutdown()
    }
}
