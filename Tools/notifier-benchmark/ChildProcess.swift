import Foundation

/// An executable of the platform (`notifier`, `telegram-sandbox`) running as a child process with exactly the
/// given environment (plus PATH), its output appended to a log file.
final class ChildProcess: @unchecked Sendable {
    // `@unchecked Sendable`: `process` is only used through Foundation's thread-safe Process API; the other
    // properties are immutable.
    let name: String
    let logPath: String
    private let process: Process

    init(executable: String, name: String, environment: [String: String], logDirectory: String) throws {
        self.name = name
        logPath = "\(logDirectory)/\(name).log"
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        guard let log = FileHandle(forWritingAtPath: logPath) else {
            throw BenchmarkFailure("cannot write \(logPath)")
        }
        log.seekToEndOfFile()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()
    }

    var isRunning: Bool { process.isRunning }

    /// SIGTERM, then waits up to `deadline` (SIGKILL after it). Returns the exit status (-9 when killed).
    @discardableResult
    func stop(deadline: Duration = .seconds(30)) async -> Int32 {
        if process.isRunning { process.terminate() }
        let end = ContinuousClock.now + deadline
        while process.isRunning && ContinuousClock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The last lines of the log (for error messages).
    func logTail(_ characters: Int = 3000) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(characters))
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchmarkFailure("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw BenchmarkFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the benchmark stopped.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
