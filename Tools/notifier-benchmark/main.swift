import Contracts
import Foundation
import HTTPClient
import Logging
import Messaging

// notifier-benchmark: how fast the notifier delivers to the Telegram sandbox, self-contained (no `./zg up`): a
// scratch database and vhost (test credentials), the release `telegram-sandbox` and `notifier` executables as
// child processes on free ports. `notifier.send.v1` commands are queued in RabbitMQ while the notifier is stopped,
// then it is started and the sandbox's counters are watched until every message arrived.
//
// 1. limits off: the sandbox's flood limits switched off and the notifier's raised out of the way — the
//    notifier's own ceiling (notifications per second delivered);
// 2. limits on: 10,000 notifications to 500 chats, the sandbox like Telegram (30/s, 1/s per chat) and the
//    notifier's default limits (28/s, 0.95/s per chat) — the drain time against the ideal 10,000 / 28 s.
//
// Both verify exactly-once at the end: every chat got each of its messages once (texts carry the index).
// Settings: see BenchmarkSettings. Run through `./zg bench notifier`.

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}
let logger = Logger(label: "notifier-benchmark")
let settings: BenchmarkSettings
do {
    settings = try BenchmarkSettings.load()
} catch {
    FileHandle.standardError.write(Data("notifier-benchmark: \(error)\n".utf8))
    exit(2)
}

let botToken = "123456:bench-token"
ChildProcess.stopChildrenOnSignals()
let me = ServiceName(rawValue: "notifier-benchmark")
let logDirectory = ProcessInfo.processInfo.environment["BENCH_LOG_DIR"]
    ?? FileManager.default.currentDirectoryPath + "/.run/logs/notifier-benchmark"
try? FileManager.default.createDirectory(atPath: logDirectory, withIntermediateDirectories: true)
let http = HTTPClient(configuration: HTTPClientConfiguration(threads: 2, defaultTimeout: .seconds(60)),
                      logger: Logger(label: "notifier-benchmark.http"))

func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

// MARK: Processes

func startSandbox(floodLimits: Bool, historyPerChat: Int) async throws -> (ChildProcess, SandboxControl) {
    let port = try ChildProcess.freePort()
    let process = try ChildProcess(
        executable: "\(settings.productsDirectory)/telegram-sandbox", name: "telegram-sandbox",
        environment: ["SANDBOX_HOST": "127.0.0.1", "SANDBOX_PORT": "\(port)", "SANDBOX_BOT_TOKENS": botToken,
                      "SANDBOX_FLOOD_LIMITS": floodLimits ? "true" : "false",
                      "SANDBOX_HISTORY_PER_CHAT": "\(min(100_000, max(10, historyPerChat)))",
                      "LOG_LEVEL": "warning"],
        logDirectory: logDirectory)
    let sandbox = SandboxControl(baseURL: "http://127.0.0.1:\(port)", http: http)
    let deadline = ContinuousClock.now + .seconds(30)
    while !(await sandbox.ready()) {
        guard process.isRunning, ContinuousClock.now < deadline else {
            throw BenchmarkFailure("the sandbox did not start:\n\(process.logTail())")
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    return (process, sandbox)
}

/// Starts the notifier and waits until it is ready (database migrated, bus connected, queues declared).
func startNotifier(scratch: ScratchEnvironment, sandbox: SandboxControl, overrides: [String: String]) async throws
    -> ChildProcess
{
    let port = try ChildProcess.freePort()
    var environment = [
        "ZHILYEGO_ENV": "test", "DATABASE_URL": scratch.notifierDatabaseURL, "AMQP_URL": scratch.amqpURL,
        "HTTP_HOST": "127.0.0.1", "HTTP_PORT": "\(port)", "LOG_LEVEL": "info",
        "TELEGRAM_BOT_TOKEN": botToken, "TELEGRAM_API_URL": sandbox.baseURL,
    ]
    environment.merge(overrides) { _, new in new }
    let process = try ChildProcess(executable: "\(settings.productsDirectory)/notifier", name: "notifier",
                                   environment: environment, logDirectory: logDirectory)
    let deadline = ContinuousClock.now + .seconds(60)
    while true {
        if let response = try? await http.send(HTTPRequest(url: "http://127.0.0.1:\(port)/readyz",
                                                           timeout: .seconds(5))),
           response.status == 200
        {
            return process
        }
        guard process.isRunning, ContinuousClock.now < deadline else {
            await process.stop()
            throw BenchmarkFailure("the notifier did not become ready:\n\(process.logTail())")
        }
        try await Task.sleep(for: .milliseconds(100))
    }
}

// MARK: Work

/// Message k goes to chat k mod C as that chat's message number k / C; the text says which.
func commands(phase: String, chats: [Int64], total: Int) -> [SendNotification] {
    (0..<total).map { index in
        let chat = chats[index % chats.count]
        let number = index / chats.count
        return SendNotification(chatId: chat, text: "bench \(phase) \(chat) \(number)",
                                dedupeKey: "bench:\(phase):\(chat):\(number)")
    }
}

func publish(_ commands: [SendNotification], bus: MessageBus) async throws {
    let batches = stride(from: 0, to: commands.count, by: 500).map {
        Array(commands[$0..<min($0 + 500, commands.count)])
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        var pending = batches[...]
        func add() throws {
            guard let batch = pending.popFirst() else { return }
            let messages = try batch.map { try OutgoingMessage.command(Envelope($0, producer: me)) }
            group.addTask { try await bus.publish(messages) }
        }
        for _ in 0..<4 { try add() }
        while try await group.next() != nil { try add() }
    }
}

struct Delivery {
    var firstDelivered: Double
    var allDelivered: Double
    /// Seconds from the start until the notifier had taken (and acknowledged) every command from RabbitMQ, as the
    /// management API shows it (its figures lag up to ~5 s); nil when the backlog was never seen there.
    var commandsTaken: Double?
    var bestWindowRate: Double
    var tooManyRequests: Int
    var errors: Int
}

/// Watches the sandbox until `total` more messages arrived than `base` (or `deadline` passes).
func watch(sandbox: SandboxControl, scratch: ScratchEnvironment, base: SandboxControl.Counters, total: Int,
           since start: ContinuousClock.Instant, deadline: Duration, progressEvery: Double) async throws -> Delivery
{
    var first: Double?
    var samples: [(Double, Int)] = []
    var commandsTaken: Double?
    var lastDepthCheck = -10.0
    var lastProgress = 0.0
    var lastCount = 0
    var backlogSeen = false
    var lastChange = 0.0
    while true {
        let counters = try await sandbox.counters()
        let elapsed = seconds(ContinuousClock.now - start)
        let delivered = counters.messagesSent - base.messagesSent
        samples.append((elapsed, delivered))
        if delivered > 0, first == nil { first = elapsed }
        if commandsTaken == nil, elapsed - lastDepthCheck >= 1 {
            lastDepthCheck = elapsed
            // The management API's figures lag a few seconds: count only after it has shown the backlog.
            let depth = try? await scratch.queueDepth(Topology.commandsQueue(.notifier))
            if let depth, depth > 0 { backlogSeen = true }
            if depth == 0, backlogSeen { commandsTaken = elapsed }
        }
        if elapsed - lastProgress >= progressEvery {
            lastProgress = elapsed
            say("    \(format(elapsed, 0)) s: \(delivered) delivered, load \(loadAverage())")
        }
        if delivered >= total {
            // The best 5-second window.
            var best = 0.0
            var low = 0
            for high in samples.indices {
                while samples[high].0 - samples[low].0 > 5 { low += 1 }
                let span = samples[high].0 - samples[low].0
                if span >= 4.5 { best = max(best, Double(samples[high].1 - samples[low].1) / span) }
            }
            return Delivery(firstDelivered: first ?? elapsed, allDelivered: elapsed, commandsTaken: commandsTaken,
                            bestWindowRate: best,
                            tooManyRequests: counters.tooManyRequests - base.tooManyRequests,
                            errors: counters.errors - base.errors)
        }
        guard elapsed < seconds(deadline) else {
            throw BenchmarkFailure("only \(delivered) of \(total) messages arrived within \(deadline)")
        }
        if delivered > lastCount {
            lastCount = delivered
            lastChange = elapsed
        } else if elapsed - lastChange > 120 {
            throw BenchmarkFailure("no delivery for 120 s (\(delivered) of \(total)); see the logs")
        }
        try await Task.sleep(for: .milliseconds(100))
    }
}

/// Every chat got each of its messages exactly once; nothing more arrives afterwards.
func verifyExactlyOnce(sandbox: SandboxControl, phase: String, chats: [Int64], total: Int,
                       base: SandboxControl.Counters) async throws -> String
{
    try await Task.sleep(for: .seconds(3))
    let after = try await sandbox.counters()
    guard after.messagesSent - base.messagesSent == total else {
        throw BenchmarkFailure("\(after.messagesSent - base.messagesSent) messages arrived, expected \(total)")
    }
    var problems: [String] = []
    for (position, chat) in chats.enumerated() {
        let expected = total / chats.count + (position < total % chats.count ? 1 : 0)
        let texts = try await sandbox.botTexts(chat).filter { $0.hasPrefix("bench \(phase) \(chat) ") }
        let numbers = texts.compactMap { Int($0.split(separator: " ").last ?? "") }
        if numbers.count != expected || Set(numbers) != Set(0..<expected) {
            problems.append("chat \(chat): \(numbers.count) messages, \(Set(numbers).count) distinct, "
                + "expected \(expected)")
        }
    }
    guard problems.isEmpty else {
        throw BenchmarkFailure("not exactly once:\n" + problems.prefix(10).joined(separator: "\n"))
    }
    return "exactly once: \(total) messages, \(chats.count) chats, every message once"
}

// MARK: Phases

/// Queues `total` commands while the notifier is stopped, starts it, waits for every delivery.
func runPhase(name: String, scratch: ScratchEnvironment, bus: MessageBus, floodLimits: Bool, chats: [Int64],
              total: Int, notifierOverrides: [String: String], deadline: Duration) async throws
    -> (Delivery, String)
{
    let perChat = (total + chats.count - 1) / chats.count
    let (sandboxProcess, sandbox) = try await startSandbox(floodLimits: floodLimits, historyPerChat: perChat + 10)
    do {
        try await sandbox.openChats(chats)
        // Once, so that the database is migrated and the notifier's queues exist; then stopped.
        let first = try await startNotifier(scratch: scratch, sandbox: sandbox, overrides: notifierOverrides)
        await first.stop()
        let queueing = ContinuousClock.now
        try await publish(commands(phase: name, chats: chats, total: total), bus: bus)
        say("  queued \(total) notifier.send.v1 commands for \(chats.count) chats in "
            + "\(format(seconds(ContinuousClock.now - queueing), 1)) s (notifier stopped); load \(loadAverage())")
        let base = try await sandbox.counters()
        let start = ContinuousClock.now
        let notifier = try await startNotifier(scratch: scratch, sandbox: sandbox, overrides: notifierOverrides)
        let delivery: Delivery
        do {
            delivery = try await watch(sandbox: sandbox, scratch: scratch, base: base, total: total, since: start,
                                       deadline: deadline, progressEvery: floodLimits ? 30 : 5)
        } catch {
            await notifier.stop()
            throw error
        }
        let check = try await verifyExactlyOnce(sandbox: sandbox, phase: name, chats: chats, total: total,
                                                base: base)
        let status = await notifier.stop()
        await sandboxProcess.stop()
        return (delivery, check + "; notifier exit status \(status)")
    } catch {
        await sandboxProcess.stop()
        throw error
    }
}

// MARK: Main

say("notifier-benchmark  \(ISO8601DateFormatter().string(from: Date()))  cores \(ProcessInfo.processInfo.activeProcessorCount)  load \(loadAverage())")
var exitCode: Int32 = 0
let scratch: ScratchEnvironment
do {
    scratch = try await ScratchEnvironment.create(settings, http: http, logger: logger)
} catch {
    FileHandle.standardError.write(Data("notifier-benchmark: cannot create the scratch database/vhost: \(error)\n".utf8))
    exit(1)
}
say("scratch database \(scratch.databaseName), vhost \(scratch.virtualHost); logs in \(logDirectory)")
let bus = MessageBus(configuration: try BusConfiguration(url: scratch.amqpURL, service: me),
                     subscriptions: Subscriptions(), logger: Logger(label: "notifier-benchmark.bus"))
let busTask = Task { try await bus.run() }
do {
    let connectDeadline = ContinuousClock.now + .seconds(20)
    while !bus.isConnected {
        guard ContinuousClock.now < connectDeadline else { throw BenchmarkFailure("cannot connect to RabbitMQ") }
        try await Task.sleep(for: .milliseconds(100))
    }

    if settings.phases.contains("off") {
        let chats = (0..<settings.offChats).map { Int64(7_000_000 + $0) }
        let overrides = [
            "NOTIFIER_WORKERS": "\(settings.offWorkers)", "NOTIFIER_BATCH": "\(settings.offBatch)",
            "NOTIFIER_GLOBAL_RATE": "10000", "NOTIFIER_GLOBAL_BURST": "1000",
            "NOTIFIER_PER_CHAT_RATE": "10000", "NOTIFIER_PER_CHAT_BURST": "100",
            "DB_POOL_SIZE": "\(min(64, settings.offWorkers + 4))",
        ]
        say("\n1. limits off: \(settings.offMessages) notifications to \(settings.offChats) chats; sandbox flood limits "
            + "off, notifier limits raised to 10,000/s, \(settings.offWorkers) workers × batch \(settings.offBatch)")
        let (delivery, check) = try await runPhase(name: "off", scratch: scratch, bus: bus, floodLimits: false,
                                                   chats: chats, total: settings.offMessages,
                                                   notifierOverrides: overrides, deadline: .seconds(1800))
        let sending = delivery.allDelivered - delivery.firstDelivered
        say("  delivered \(settings.offMessages) in \(format(delivery.allDelivered)) s from the notifier's start "
            + "(first after \(format(delivery.firstDelivered)) s)")
        say("  => \(format(Double(settings.offMessages) / max(sending, 0.001))) notifications/s delivered "
            + "(first → last delivery); best 5 s window \(format(delivery.bestWindowRate))/s; "
            + "commands taken from RabbitMQ after ≈ \(delivery.commandsTaken.map { format($0) } ?? "?") s")
        say("  sandbox: \(delivery.tooManyRequests) × 429, \(delivery.errors) errors; \(check); load \(loadAverage())")
    }

    if settings.phases.contains("on") {
        let chats = (0..<settings.onChats).map { Int64(8_000_000 + $0) }
        let rate = 28.0
        let ideal = Double(settings.onMessages) / rate
        say("\n2. limits on: \(settings.onMessages) notifications to \(settings.onChats) chats; sandbox like Telegram "
            + "(30/s, 1/s per chat, bursts of 5), notifier defaults (28/s, 0.95/s per chat, 4 workers × 10)")
        let (delivery, check) = try await runPhase(name: "on", scratch: scratch, bus: bus, floodLimits: true,
                                                   chats: chats, total: settings.onMessages,
                                                   notifierOverrides: [:],
                                                   deadline: .seconds(Int64(ideal * 2 + 300)))
        say("  drained \(settings.onMessages) in \(format(delivery.allDelivered)) s from the notifier's start "
            + "(first delivery after \(format(delivery.firstDelivered)) s)")
        say("  ideal under the limits: \(settings.onMessages) / 28 = \(format(ideal)) s "
            + "(Telegram's 30/s: \(format(Double(settings.onMessages) / 30)) s) => "
            + "\(format(delivery.allDelivered / ideal * 100, 1)) % of the ideal time; "
            + "average \(format(Double(settings.onMessages) / delivery.allDelivered, 2))/s, best 5 s window "
            + "\(format(delivery.bestWindowRate))/s")
        say("  sandbox: \(delivery.tooManyRequests) × 429, \(delivery.errors) errors; \(check); load \(loadAverage())")
    }
} catch {
    FileHandle.standardError.write(Data("notifier-benchmark: \(error)\n".utf8))
    exitCode = 1
}
await bus.shutdown()
busTask.cancel()
await scratch.remove()
await http.shutdown()
say("done; load \(loadAverage())")
exit(exitCode)
