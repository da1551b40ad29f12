import Foundation
import Testing

/// docker-compose.yml stays valid for docker-compose 1.29 (`docker-compose config`, no Docker engine needed)
/// and runs the whole system: both servers and one container per service executable.
@Suite struct ComposeFileTests {
    static let expectedServices: Set<String> = [
        "postgres", "rabbitmq",
        "gateway", "catalog", "booking", "payments", "notifier", "analytics", "admin",
    ]

    @Test func validatesWithTheVariablesOfEnvExample() async throws {
        let compose = try ComposeInvocation.locate()
        let result = try await compose.run(["config", "-q"])
        #expect(result.status == 0, "docker-compose config -q failed: \(result.standardError)")
    }

    @Test func definesEveryServiceAndBothServers() async throws {
        let compose = try ComposeInvocation.locate()
        let result = try await compose.run(["config", "--services"])
        try #require(result.status == 0, "docker-compose config --services failed: \(result.standardError)")
        let services = Set(result.standardOutput.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty })
        let missing = Self.expectedServices.subtracting(services)
        #expect(missing.isEmpty, "docker-compose.yml lacks services: \(missing.sorted())")
    }

    @Test func refusesToStartWithoutSecrets() async throws {
        let compose = try ComposeInvocation.locate()
        let result = try await compose.run(["config", "-q"], envFile: .empty)
        #expect(result.status != 0, "docker-compose.yml must take its secrets from the environment, not defaults")
        #expect(result.standardError.contains("PASSWORD") || result.standardError.contains("SECRET")
                    || result.standardError.contains("KEYS"),
                "the error should name the missing variable: \(result.standardError)")
    }
}

/// How these tests run docker-compose: the repository's compose file, .env.example as the env file (it
/// documents every variable with placeholder values) and a minimal environment, so secrets exported in the
/// caller's shell cannot hide a missing one.
private struct ComposeInvocation {
    let executable: URL
    let repositoryRoot: URL

    enum EnvFile {
        /// The repository's .env.example.
        case example
        /// No variables at all.
        case empty
    }

    struct Result {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// Finds docker-compose on PATH and the repository root (ZG_REPO_ROOT, else upwards from this file).
    static func locate() throws -> ComposeInvocation {
        let environment = ProcessInfo.processInfo.environment
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let executable = path.split(separator: ":")
            .map { URL(fileURLWithPath: String($0)).appending(path: "docker-compose") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        let found = try #require(executable,
                                 "docker-compose is not on PATH (\(path)); ./zg test installs it (apt-get install docker-compose)")
        return ComposeInvocation(executable: found, repositoryRoot: try repositoryRoot(environment: environment))
    }

    private static func repositoryRoot(environment: [String: String]) throws -> URL {
        if let root = environment["ZG_REPO_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root, isDirectory: true)
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appending(path: "docker-compose.yml").path),
               FileManager.default.fileExists(atPath: directory.appending(path: "Package.swift").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        throw RepositoryNotFound(start: #filePath)
    }

    /// Runs `docker-compose --env-file <env file> -f <repo>/docker-compose.yml <arguments>` and waits for it
    /// without blocking a thread of the cooperative pool (the exit arrives through terminationHandler).
    func run(_ arguments: [String], envFile: EnvFile = .example) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appending(path: "zg-compose-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appending(path: "stdout")
        let errURL = scratch.appending(path: "stderr")
        let emptyURL = scratch.appending(path: "empty.env")
        for url in [outURL, errURL, emptyURL] {
            try Data().write(to: url)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer {
            try? out.close()
            try? err.close()
        }

        let process = Process()
        process.executableURL = executable
        let envFileURL = switch envFile {
        case .example: repositoryRoot.appending(path: ".env.example")
        case .empty: emptyURL
        }
        process.arguments = ["--env-file", envFileURL.path,
                             "-f", repositoryRoot.appending(path: "docker-compose.yml").path] + arguments
        process.currentDirectoryURL = scratch
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": scratch.path,
            "LANG": "C.UTF-8",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(status: status,
                      standardOutput: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      standardError: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

private struct RepositoryNotFound: Error, CustomStringConvertible {
    let start: String
    var description: String {
        "no directory with Package.swift and docker-compose.yml above \(start); set ZG_REPO_ROOT"
    }
}
