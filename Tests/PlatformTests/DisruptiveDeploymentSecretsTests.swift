import Foundation
import Testing

/// One deployment, one set of secrets (docs/operations.md «One deployment, one set of secrets»): `./zg up` in a
/// checkout whose `.env.local` did not provision the database it finds stops before changing anything, names
/// the two ways out, and `./zg reset` is the confirmed one. The test works on throwaway names (ZG_DATABASE,
/// ZG_DB_ADMIN_ROLE, ZG_AMQP_USER, ZG_AMQP_VHOST) on the machine's real PostgreSQL and RabbitMQ, in copies of
/// `zg` and `scripts/` (the check runs before the build, so no build is needed).
///
/// Serial with the Disruptive suites (its name): it changes nothing the other tests use, but each step runs several
/// `rabbitmqctl` and `psql` processes, which on a machine busy with the parallel suites took minutes.
@Suite(.timeLimit(.minutes(10)))
struct DisruptiveDeploymentSecretsTests {
    @Test func aSecondCheckoutStopsUntouchedAndResetIsTheConfirmedWayOut() async throws {
        try await withDeployment { first, second, names in
            try await first.provision()
            let password = try first.secret("DB_ADMIN_PASSWORD")

            // A second checkout's `./zg up` stops before it changes anything, naming the first and the ways out.
            let up = try await second.zg(["up"])
            #expect(up.status == 1)
            #expect(up.output.contains("does not match the deployment already on this machine"), "\(up.output)")
            #expect(up.output.contains("cp \(first.root.path)/.env.local"), "\(up.output)")
            #expect(up.output.contains("./zg reset"), "\(up.output)")
            #expect(!up.output.contains("building the release"), "\(up.output)")
            #expect(try await Shell.run("psql -X -q -w -h 127.0.0.1 -U \(names.owner) -d \(names.database) -c 'SELECT 1'",
                                        environment: ["PGPASSWORD": password]).status == 0)
            #expect(try await first.zgLibrary("zg_deployment_check && echo fits").output.contains("fits"))

            // A database from before the marker: judged by its owner's password.
            #expect(try await Shell.superuserSQL("COMMENT ON DATABASE \(names.database) IS NULL").status == 0)
            let legacy = try await second.zg(["up"])
            #expect(legacy.status == 1)
            #expect(legacy.output.contains("its owner role \(names.owner) has another password"), "\(legacy.output)")
            #expect(try await first.zgLibrary("zg_deployment_check && echo fits").output.contains("fits"))

            // `./zg reset` without a terminal and without --yes deletes nothing…
            let refused = try await second.zg(["reset"])
            #expect(refused.status != 0)
            #expect(refused.output.contains("Nothing was deleted"), "\(refused.output)")
            #expect(try await Shell.databaseExists(names.database))
            // … with --yes it deletes the deployment, and the second checkout provisions its own.
            let reset = try await second.zg(["reset", "--yes"])
            #expect(reset.status == 0, "\(reset.output)")
            #expect(try await !Shell.databaseExists(names.database))
            #expect(try await !Shell.run("rabbitmqctl -q list_vhosts").output
                .split(whereSeparator: \.isNewline).contains { $0 == names.vhost })
            try await second.provision()
            #expect(try await second.zgLibrary("zg_deployment_check && echo fits").output.contains("fits"))
            #expect(try await first.zg(["up"]).output.contains("the checkout at \(second.root.path)"))
        }
    }
}

/// The throwaway names of one test's deployment.
struct DeploymentNames: Sendable {
    let database: String
    var owner: String { database + "_owner" }
    var vhost: String { database }
    var environment: [String: String] {
        ["ZG_DATABASE": database, "ZG_DB_ADMIN_ROLE": owner, "ZG_AMQP_USER": database, "ZG_AMQP_VHOST": vhost]
    }
}

/// A copy of the repository's `zg` and `scripts/` in a folder of its own: a checkout for the ops scripts.
struct ScriptCheckout: Sendable {
    let root: URL
    let names: DeploymentNames

    /// What `./zg up` does before it builds: generate `.env.local`, check the deployment, provision the servers.
    func provision() async throws {
        let result = try await zgLibrary("""
            zg_local_env_ensure; zg_env_load "$ZG_ENV_FILE"; zg_lock_infra; zg_provision_servers; zg_unlock_infra
            """)
        try #require(result.status == 0, "provisioning failed: \(result.output)")
    }

    func zg(_ arguments: [String]) async throws -> Shell.Result {
        try await Shell.run("./zg " + arguments.joined(separator: " "), in: root, environment: names.environment)
    }

    /// Runs `script` with zg's libraries sourced and `.env.local` loaded when it exists.
    func zgLibrary(_ script: String) async throws -> Shell.Result {
        try await Shell.run("""
            set -euo pipefail
            for lib in common packages postgres rabbitmq secrets services deployment; do . scripts/lib/$lib.sh; done
            [[ -f "$ZG_ENV_FILE" ]] && zg_env_load "$ZG_ENV_FILE"
            \(script)
            """, in: root, environment: names.environment)
    }

    func secret(_ name: String) throws -> String {
        let text = try String(contentsOf: root.appending(path: ".env.local"), encoding: .utf8)
        let line = try #require(text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(name + "=") })
        return String(line.dropFirst(name.count + 1))
    }
}

/// Two script checkouts and throwaway names; the deployment is deleted afterwards whatever happened.
func withDeployment(_ body: (ScriptCheckout, ScriptCheckout, DeploymentNames) async throws -> Void) async throws {
    let repository = try Shell.repositoryRoot()
    let names = DeploymentNames(database: "zgt_" + UUID().uuidString.prefix(8).lowercased())
    let scratch = FileManager.default.temporaryDirectory.appending(path: "zg-deployment-\(UUID().uuidString)")
    var checkouts: [ScriptCheckout] = []
    for name in ["first", "second"] {
        let root = scratch.appending(path: name, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for item in ["zg", "scripts"] {
            try FileManager.default.copyItem(at: repository.appending(path: item), to: root.appending(path: item))
        }
        checkouts.append(ScriptCheckout(root: root, names: names))
    }
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outcome: Result<Void, any Error>
    do {
        try await body(checkouts[0], checkouts[1], names)
        outcome = .success(())
    } catch {
        outcome = .failure(error)
    }
    _ = try? await checkouts[1].zg(["reset", "--yes"])
    try outcome.get()
}

/// Runs bash scripts as the tests' user (root, like `./zg`), without standard input, output and errors together.
enum Shell {
    struct Result: Sendable {
        let status: Int32
        let output: String
    }

    static func run(_ script: String, in directory: URL? = nil, environment: [String: String] = [:]) async throws
        -> Result
    {
        let log = FileManager.default.temporaryDirectory.appending(path: "zg-shell-\(UUID().uuidString).log")
        try Data().write(to: log)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        if let directory { process.currentDirectoryURL = directory }
        var inherited = ProcessInfo.processInfo.environment.filter { key, _ in
            ["PATH", "HOME", "LANG", "LC_ALL"].contains(key)
        }
        inherited["CI"] = "true"
        process.environment = inherited.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(status: status, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    static func superuserSQL(_ sql: String) async throws -> Result {
        try await run("cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -c \"$ZG_SQL\"",
                      environment: ["ZG_SQL": sql])
    }

    static func databaseExists(_ name: String) async throws -> Bool {
        let result = try await run("""
            cd / && runuser -u postgres -- psql -X -At -v "db=$ZG_DB" <<'SQL'
            SELECT count(*) FROM pg_database WHERE datname = :'db';
            SQL
            """, environment: ["ZG_DB": name])
        try #require(result.status == 0, "\(result.output)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// ZG_REPO_ROOT (set by ./zg test), else upwards from this file.
    static func repositoryRoot() throws -> URL {
        if let root = ProcessInfo.processInfo.environment["ZG_REPO_ROOT"], !root.isEmpty {
            return URL(fileURLWithPath: root, isDirectory: true)
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appending(path: "zg").path) { return directory }
            directory = directory.deletingLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile)
    }
}
