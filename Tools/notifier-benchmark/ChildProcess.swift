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
        ChildProcess.running.add(process.processIdentifier)
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
        defer { ChildProcess.running.remove(process.processIdentifier) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// The children started and not stopped yet, so that an interrupted benchmark (SIGINT, SIGTERM) takes them
    /// down with it instead of leaving them running.
    static let running = RunningChildren()

    /// Ignores SIGINT and SIGTERM for the default action and instead kills the running children, then exits
    /// (status 130). The scratch database and vhost are left behind in that case (their names are printed).
    static func stopChildrenOnSignals() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                for pid in running.all() { kill(pid, SIGKILL) }
                FileHandle.standardError.write(Data("notifier-benchmark: interrupted; children stopped\n".utf8))
                exit(130)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    // Kept alive for the whole run; only appended to by `stopChildrenOnSignals()`, called once at the start before
    // any other task runs.
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

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

/// Process ids of running children (guarded by a lock).
final class RunningChildren: @unchecked Sendable {
    // `@unchecked Sendable`: `pids` is only touched under `lock`.
    private let lock = NSLock()
    private var pids: Set<Int32> = []

    func add(_ pid: Int32) { lock.withLock { _ = pids.insert(pid) } }
    func remove(_ pid: Int32) { lock.withLock { _ = pids.remove(pid) } }
    func all() -> [Int32] { lock.withLock { Array(pids) } }
}

/// Why the benchmark stopped.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
