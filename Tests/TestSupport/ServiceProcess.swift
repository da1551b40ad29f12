import Foundation

/// A service executable (`.build/<config>/<name>`) running as a child process, as in production.
/// Its standard error (JSON logs) is collected for assertions and diagnostics.
public final class ServiceProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched through its own thread-safe API, and `output`/`outputClosed` are guarded by `lock`.
    public let name: String
    public let port: Int
    private let process: Process
    private let lock = NSLock()
    private var output = Data()
    private var outputClosed = false

    /// The folder holding the built products: the one the test bundle itself was built into.
    public static var productsDirectory: URL {
        if let override = ProcessInfo.processInfo.environment["ZG_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        let bundle = Bundle.main.bundleURL
        return bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
    }

    /// Starts `name` with `arguments` and exactly `environment` (plus PATH) — nothing is inherited, so tests
    /// state every variable.
    public init(name: String, port: Int, environment: [String: String], arguments: [String] = []) throws {
        self.name = name
        self.port = port
        process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent(name)
        process.arguments = arguments
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        process.environment = env
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let chunk = handle.availableData
            guard let self else { return }
            if chunk.isEmpty {
                // End of file: the process and every child holding the pipe are gone.
                handle.readabilityHandler = nil
                self.lock.withLock { self.outputClosed = true }
                return
            }
            self.lock.withLock { self.output.append(chunk) }
        }
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }

    /// Everything the process wrote so far.
    public var log: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    /// Sends SIGTERM and waits (up to `deadline`) for the process to exit; returns its exit status.
    @discardableResult
    public func terminate(deadline: Duration = .seconds(20)) async -> Int32 {
        if process.isRunning { process.terminate() }
        return await waitForExit(deadline: deadline)
    }

    /// Waits for the process to exit by itself; kills it if the deadline passes (status -9 then).
    public func waitForExit(deadline: Duration = .seconds(20)) async -> Int32 {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while process.isRunning && clock.now < end {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        process.waitUntilExit()
        // The last lines may still sit in the pipe: wait (briefly) until the reader saw end of file.
        let drained = clock.now + .seconds(1)
        while !lock.withLock({ outputClosed }) && clock.now < drained {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
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
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
