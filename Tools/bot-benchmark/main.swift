import Foundation
import HTTPClient
import Logging

// Latency of the bot's search flow as a guest sees it: N simulated chats (concurrently, each one message at a
// time) send «Поиск квартир» through the Telegram sandbox's control API and wait for the bot's answer (city
// buttons with counts: one catalog search RPC + one booking availability RPC per answer). Prints p50/p90/p99
// latency and replies per second. Needs `./zg up` (services + sandbox); switches the sandbox's flood limits off
// for the run and back on after.
//
// Two modes:
// - closed loop (default): every chat sends its next message as soon as the previous one was answered, so the
//   offered rate is whatever the bot sustains ("replies/s");
// - open loop (BENCH_RATE > 0): messages are injected at a fixed total rate, round-robin over the chats, whatever
//   the bot's answers do (a slow bot queues up and its latency shows it). The bot handles a chat's updates in
//   order and answers «Поиск квартир» with one message, so the first bot message after a user's message is its
//   reply even when a chat has several outstanding.
//
// Environment: BENCH_SANDBOX_URL (http://127.0.0.1:8090), BENCH_CHATS (50), BENCH_ROUNDS (20 per chat),
// BENCH_RATE (0 = closed loop; else messages per second in total), BENCH_RESET (1: first reset the sandbox's bot —
// forgets its chats and pending updates — so every run starts from the same sandbox state; 0 keeps them).

let environment = ProcessInfo.processInfo.environment
let base = environment["BENCH_SANDBOX_URL"] ?? "http://127.0.0.1:8090"
let chats = Int(environment["BENCH_CHATS"] ?? "") ?? 50
let rounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 20
let rate = Double(environment["BENCH_RATE"] ?? "") ?? 0
let reset = environment["BENCH_RESET"] != "0"
let client = HTTPClient(configuration: HTTPClientConfiguration(threads: 2, defaultTimeout: .seconds(30)),
                        logger: Logger(label: "bot-benchmark"))

struct Failure: Error, CustomStringConvertible {
    var description: String
}

func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
    var request = HTTPRequest(method: method, url: base + path)
    if let body {
        request = HTTPRequest(method: method, url: base + path,
                              body: .data(try JSONSerialization.data(withJSONObject: body),
                                          contentType: "application/json"))
    }
    let response = try await client.send(request)
    guard let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
          object["ok"] as? Bool == true
    else { throw Failure(description: "\(path): HTTP \(response.status) \(response.text.prefix(200))") }
    return object
}

func messageId(in result: Any?) -> Int? {
    guard let result = result as? [String: Any] else { return nil }
    if let messages = result["messages"] as? [[String: Any]] { return messages.last?["message_id"] as? Int }
    return result["message_id"] as? Int
}

do {
    if reset {
        _ = try await call(.post, "/sandbox/reset", [:])
        // The bot's waiting long poll ends with 409 at a reset; give it a moment to poll again.
        try await Task.sleep(for: .seconds(2))
    }
    _ = try await call(.put, "/sandbox/flood", ["enabled": false])
    // Warm up every chat once (first contact creates the chat and the conversation row).
    let firstUser = 900_000
    try await withThrowingTaskGroup(of: Void.self) { group in
        for chat in 0..<chats {
            group.addTask {
                let user = firstUser + chat
                let sent = try await call(.post, "/sandbox/messages",
                                          ["user": ["id": user, "first_name": "Гость \(chat)"], "text": "/start"])
                let after = messageId(in: sent["result"]) ?? 0
                _ = try await call(.get, "/sandbox/chats/\(user)/next?after_message_id=\(after)&timeout=30")
            }
        }
        try await group.waitForAll()
    }
    /// Injects «Поиск квартир» as `user` and waits for the bot's answer; returns the latency in seconds.
    @Sendable func searchOnce(user: Int) async throws -> Double {
        let sent = ContinuousClock.now
        let injected = try await call(.post, "/sandbox/messages", ["user": ["id": user], "text": "Поиск квартир"])
        let after = messageId(in: injected["result"]) ?? 0
        let reply = try await call(.get, "/sandbox/chats/\(user)/next?after_message_id=\(after)&timeout=60")
        guard (reply["result"] as? [String: Any])?["text"] as? String != nil else {
            throw Failure(description: "no text reply")
        }
        let elapsed = ContinuousClock.now - sent
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    let start = ContinuousClock.now
    let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
        if rate > 0 {
            for index in 0..<(chats * rounds) {
                let due = start + .milliseconds(Int(Double(index) * 1000 / rate))
                group.addTask {
                    try await Task.sleep(until: due, clock: .continuous)
                    return [try await searchOnce(user: firstUser + index % chats)]
                }
            }
        } else {
            for chat in 0..<chats {
                group.addTask {
                    var latencies: [Double] = []
                    for _ in 0..<rounds { latencies.append(try await searchOnce(user: firstUser + chat)) }
                    return latencies
                }
            }
        }
        var all: [Double] = []
        for try await latencies in group { all += latencies }
        return all
    }.sorted()
    let wall = ContinuousClock.now - start
    let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] * 1000 }
    let mode = rate > 0 ? String(format: "open loop at %.0f/s", rate) : "closed loop"
    print("bot-benchmark (\(mode)): " + String(format: "%d chats × %d «Поиск квартир» = %d replies in %.2f s = %.0f replies/s; "
        + "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", chats, rounds, samples.count, wallSeconds,
        Double(samples.count) / wallSeconds, percentile(0.5), percentile(0.9), percentile(0.99),
        (samples.last ?? 0) * 1000))
    _ = try await call(.put, "/sandbox/flood", ["enabled": true])
    await client.shutdown()
} catch {
    FileHandle.standardError.write(Data("bot-benchmark: \(error)\n".utf8))
    _ = try? await call(.put, "/sandbox/flood", ["enabled": true])
    await client.shutdown()
    exit(1)
}
