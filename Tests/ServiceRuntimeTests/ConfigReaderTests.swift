import Contracts
import Database
import Messaging
import Testing

@testable import ServiceRuntime

@Suite struct ConfigReaderTests {
    @Test func missingVariableIsNamed() {
        let reader = ConfigReader(environment: [:])
        #expect(throws: ConfigError.missing("DATABASE_URL")) { try reader.required("DATABASE_URL") }
        #expect("\(ConfigError.missing("DATABASE_URL"))".contains("DATABASE_URL"))
    }

    @Test func emptyValueCountsAsMissing() {
        let reader = ConfigReader(environment: ["AMQP_URL": ""])
        #expect(throws: ConfigError.missing("AMQP_URL")) { try reader.required("AMQP_URL") }
    }

    @Test(arguments: ["http", "80000", "-1", "8O80"])
    func malformedPortIsNamedWithTheExpectation(value: String) throws {
        let reader = ConfigReader(environment: ["HTTP_PORT": value])
        let error = try #require(throws: ConfigError.self) {
            try reader.int("HTTP_PORT", default: 8080, range: 0...65535)
        }
        #expect(error.variable == "HTTP_PORT")
        #expect(error.description.contains("integer"))
    }

    @Test func malformedSecretURLIsNeverEchoed() throws {
        let secret = "s3cr3t-Pa55"
        let reader = ConfigReader(environment: ["DATABASE_URL": "mysql://user:\(secret)@db/zhilyego"])
        let error = try #require(throws: ConfigError.self) {
            try reader.url("DATABASE_URL", schemes: ["postgres"])
        }
        #expect(error.variable == "DATABASE_URL")
        #expect(!error.description.contains(secret))
    }

    @Test func urlWithoutHostIsRefused() {
        let reader = ConfigReader(environment: ["AMQP_URL": "amqp:///zhilyego"])
        #expect(throws: ConfigError.self) { try reader.url("AMQP_URL", schemes: ["amqp"]) }
    }

    @Test(arguments: [("250ms", Duration.milliseconds(250)), ("15s", .seconds(15)), ("15m", .seconds(900)),
                      ("2h", .seconds(7200)), ("30", .seconds(30))])
    func durationsParseWithUnits(text: String, expected: Duration) throws {
        let reader = ConfigReader(environment: ["HOLD_TTL": text])
        #expect(try reader.duration("HOLD_TTL", default: .seconds(1)) == expected)
    }

    @Test func badDurationIsNamed() throws {
        let reader = ConfigReader(environment: ["HOLD_TTL": "soon"])
        let error = try #require(throws: ConfigError.self) { try reader.duration("HOLD_TTL", default: .seconds(1)) }
        #expect(error.variable == "HOLD_TTL")
    }

    @Test func environmentMustBeKnown() throws {
        let reader = ConfigReader(environment: ["ZHILYEGO_ENV": "staging"])
        let error = try #require(throws: ConfigError.self) {
            try reader.oneOf("ZHILYEGO_ENV", default: DeploymentEnvironment.development)
        }
        #expect(error.description.contains("development, test, production"))
        #expect(try ConfigReader(environment: ["ZHILYEGO_ENV": "Production"])
            .oneOf("ZHILYEGO_ENV", default: DeploymentEnvironment.development) == .production)
    }

    @Test func booleansAcceptTheUsualSpellings() throws {
        for (text, expected) in [("1", true), ("yes", true), ("off", false), ("FALSE", false)] {
            #expect(try ConfigReader(environment: ["FLAG": text]).bool("FLAG", default: !expected) == expected)
        }
        #expect(throws: ConfigError.self) { try ConfigReader(environment: ["FLAG": "maybe"]).bool("FLAG", default: true) }
    }

    @Test func serviceConfigurationNamesTheFirstMissingVariable() throws {
        let error = try #require(throws: ConfigError.self) {
            try ServiceConfiguration.load(service: .catalog, defaultPort: 8082,
                                          reader: ConfigReader(environment: ["AMQP_URL": "amqp://u:p@localhost/"]))
        }
        #expect(error.variable == "DATABASE_URL")
    }

    @Test func serviceConfigurationReadsDefaults() throws {
        let configuration = try ServiceConfiguration.load(
            service: .catalog, defaultPort: 8082,
            reader: ConfigReader(environment: ["DATABASE_URL": "postgres://c:p@127.0.0.1:5432/zhilyego",
                                               "AMQP_URL": "amqp://u:p@127.0.0.1:5672/zhilyego"]))
        #expect(configuration.httpPort == 8082)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.environment == .development)
        #expect(configuration.database.searchPath == "catalog")
        #expect(configuration.bus.service == .catalog)
    }
}
