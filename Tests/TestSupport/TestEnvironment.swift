import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the environment variables the test scripts set (see the test infrastructure contract).
public enum TestEnvironment {
    /// The value of `name`, or a `MissingTestEnvironmentVariable` error naming it.
    public static func require(_ name: String) throws -> String {
        guard let value = value(name) else { throw MissingTestEnvironmentVariable(name: name) }
        return value
    }

    /// The value of `name`, or `nil` when it is unset or empty.
    public static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// A test needs an environment variable that is not set.
public struct MissingTestEnvironmentVariable: Error, CustomStringConvertible {
    public let name: String

    public var description: String {
        "Environment variable \(name) is not set. Run the tests through the test script (scripts/), which "
            + "starts the test servers and sets it, or export it yourself (see the README)."
    }
}

extension TestEnvironment {
    /// Runs `$ZG_TEST_CONTROL` with `arguments` (e.g. `"database", "restart"`) and waits for it to exit,
    /// on a dedicated thread (never blocking a cooperative one). Only for suites named `Disruptive…`.
    ///
    /// Not `Foundation.Process`: it waits until every process that inherited its internal descriptor
    /// exits, and a restarted server daemon keeps it forever. Here the script gets /dev/null as stdin,
    /// a log file as stdout/stderr (quoted in the error on failure) and no other descriptors.
    public static func control(_ arguments: String...) async throws {
        let script = try require("ZG_TEST_CONTROL")
        let logPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("zg-test-control-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let status = try await ChildProcess.run(script, arguments: arguments, outputPath: logPath)
        guard status == 0 else {
            let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            throw TestControlFailed(arguments: arguments, status: status, output: output)
        }
    }
}

/// `$ZG_TEST_CONTROL …` failed.
public struct TestControlFailed: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public let output: String

    public var description: String {
        "$ZG_TEST_CONTROL \(arguments.joined(separator: " ")) failed with exit status \(status): \(output)"
    }
}

/// posix_spawn + waitpid on a dedicated thread.
private enum ChildProcess {
    struct SpawnFailed: Error, CustomStringConvertible {
        let path: String
        let code: Int32
        var description: String { "cannot start \(path): \(String(cString: strerror(code)))" }
    }

    static func run(_ path: String, arguments: [String], outputPath: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        closeInheritedDescriptors(&actions)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard code == 0 else { throw SpawnFailed(path: path, code: code) }

        let child = pid
        return await withCheckedContinuation { continuation in
            let waiter = Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) < 0 && errno == EINTR {}
                // WIFEXITED / WEXITSTATUS are macros: decode by hand.
                let exited = status & 0x7f == 0
                continuation.resume(returning: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f))
            }
            waiter.start()
        }
    }

    /// Closes every descriptor above stderr in the child (glibc's posix_spawn_file_actions_addclosefrom_np,
    /// looked up at run time because Swift's Glibc module does not expose GNU extensions).
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
        _ = closeFrom(&actions, 3)
    }
}
