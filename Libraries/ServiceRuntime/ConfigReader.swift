import Foundation

/// Reads configuration from environment variables once, at start.
/// A missing or malformed variable is a `ConfigError` naming the variable; values of secret variables are never
/// repeated in errors (nor anywhere else).
public struct ConfigReader: Sendable {
    private let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The raw value, treating an empty string as absent.
    public func value(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    public func required(_ name: String) throws -> String {
        guard let value = value(name) else { throw ConfigError.missing(name) }
        return value
    }

    public func string(_ name: String, default defaultValue: String) -> String {
        value(name) ?? defaultValue
    }

    public func int(_ name: String, default defaultValue: Int, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigError.malformed(name, expected: "an integer in \(range.lowerBound)…\(range.upperBound)",
                                        value: text)
        }
        return number
    }

    public func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = value(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError.malformed(name, expected: "true or false", value: text)
        }
    }

    /// A duration written as milliseconds (`250ms`), seconds (`15s`, or a bare number), or minutes (`15m`).
    public func duration(_ name: String, default defaultValue: Duration) throws -> Duration {
        guard let text = value(name)?.trimmingCharacters(in: .whitespaces) else { return defaultValue }
        let units: [(suffix: String, scale: Duration)] = [("ms", .milliseconds(1)), ("s", .seconds(1)),
                                                          ("m", .seconds(60)), ("h", .seconds(3600))]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let number = Int(text.dropLast(unit.suffix.count)), number >= 0 { return unit.scale * number }
        }
        if let seconds = Int(text), seconds >= 0 { return .seconds(seconds) }
        throw ConfigError.malformed(name, expected: "a duration like 250ms, 15s, 15m or 2h", value: text)
    }

    /// A URL with a scheme in `schemes`. URLs usually carry credentials, so the value is never echoed.
    public func url(_ name: String, schemes: Set<String>) throws -> String {
        let text = try required(name)
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              schemes.contains(scheme), components.host?.isEmpty == false
        else {
            throw ConfigError.malformed(name, expected: "a URL with scheme \(schemes.sorted().joined(separator: " or ")) and a host",
                                        value: nil)
        }
        return text
    }

    public func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) throws -> T
        where T.RawValue == String
    {
        guard let text = value(name) else { return defaultValue }
        guard let value = T(rawValue: text.lowercased()) else {
            throw ConfigError.malformed(name, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "),
                                        value: text)
        }
        return value
    }
}

/// A configuration problem, naming the variable. `value` is only set for non-secret variables.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let problem: String

    public static func missing(_ variable: String) -> ConfigError {
        ConfigError(variable: variable, problem: "is required but not set")
    }

    /// Pass `value: nil` for anything that may be secret.
    public static func malformed(_ variable: String, expected: String, value: String?) -> ConfigError {
        let shown = value.map { " (got \"\($0.prefix(40))\")" } ?? ""
        return ConfigError(variable: variable, problem: "is malformed: expected \(expected)\(shown)")
    }

    public var description: String { "configuration error: \(variable) \(problem)" }
}
