import Foundation
import HTTPClient
import Testing
import TelegramSandbox

@Suite struct FloodLimitTests {
    private let limits = FloodSettings(enabled: true, perChatRate: 1, perChatBurst: 3, globalRate: 30)

    @Test func aBurstPassesAndSustainedTrafficGets429() async throws {
        try await withSandbox(.forTests(flood: limits)) { sandbox in
            try await sandbox.userSays("/start")
            var sent = 0
            var refusal: APIResult?
            for index in 1...30 {
                let result = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": .string("№\(index)")])
                if result.ok {
                    sent += 1
                } else {
                    refusal = result
                    break
                }
            }
            let limited = try requireValue(refusal, "a 429 answer")
            #expect(sent >= 3)  // the burst went through
            #expect(limited.status == 429)
            let retryAfter = try requireValue(limited.json["parameters"]?["retry_after"]?.intValue, "retry_after")
            #expect(retryAfter >= 1)
            #expect(limited.description == "Too Many Requests: retry after \(retryAfter)")
            #expect(limited.errorCode == 429)
            #expect(limited.headers["Retry-After"] == String(retryAfter))

            // Honouring retry_after lets the next message through.
            try await Task.sleep(for: .seconds(retryAfter))
            #expect(try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "после паузы"]).ok)

            let counters = try await sandbox.control(.get, "counters").requireResult()
            #expect(counters["too_many_requests"] == 1)
            #expect(counters["messages_sent"]?.intValue == sent + 1)
        }
    }

    @Test func otherChatsAreNotHeldUpByABusyOne() async throws {
        try await withSandbox(.forTests(flood: limits)) { sandbox in
            try await sandbox.userSays("/start")
            try await sandbox.userSays("/start", from: ["id": 1002, "first_name": "Ерлан"])
            var limited = false
            for _ in 1...20 where !limited {
                limited = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "спам"]).status == 429
            }
            #expect(limited)
            #expect(try await sandbox.call("sendMessage", ["chat_id": 1002, "text": "привет"]).ok)
        }
    }

    @Test func switchedOffLimitsNeverAnswer429() async throws {
        try await withSandbox(.forTests(flood: .off)) { sandbox in
            try await sandbox.userSays("/start")
            for index in 1...60 {
                let result = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": .string("№\(index)")])
                #expect(result.ok)
            }
            #expect(try await sandbox.control(.get, "counters").requireResult()["too_many_requests"] == 0)
        }
    }

    @Test func limitsCanBeChangedAtRunTime() async throws {
        try await withSandbox(.forTests(flood: .off)) { sandbox in
            try await sandbox.userSays("/start")
            let changed = try await sandbox.control(.put, "flood", ["enabled": true, "per_chat_burst": 1]).requireResult()
            #expect(changed["enabled"] == true)
            #expect(changed["per_chat_burst"] == 1)
            #expect(try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "1"]).ok)
            #expect(try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "2"]).status == 429)
            let invalid = try await sandbox.control(.put, "flood", ["per_chat_rate": 0])
            #expect(invalid.status == 400)
        }
    }
}
