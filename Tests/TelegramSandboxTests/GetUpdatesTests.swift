import Foundation
import HTTPClient
import Testing
import TelegramSandbox
import TestSupport

@Suite struct GetUpdatesTests {
    @Test func offsetConfirmsUpdatesAndNeverRepeatsThem() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            try await sandbox.userSays("Поиск квартир")

            let first = try await sandbox.call("getUpdates").requireResult().arrayValue ?? []
            #expect(first.count == 2)
            #expect(first[0]["message"]?["text"] == "/start")
            #expect(first[0]["message"]?["entities"]?[0]?["type"] == "bot_command")
            let firstId = try requireValue(first[0]["update_id"]?.int64Value, "update_id")
            #expect(first[1]["update_id"]?.int64Value == firstId + 1)

            // Unconfirmed updates come again.
            let again = try await sandbox.call("getUpdates").requireResult().arrayValue ?? []
            #expect(again.map { $0["update_id"] } == first.map { $0["update_id"] })

            // offset = first + 1 confirms (and forgets) the first one.
            let rest = try await sandbox.call("getUpdates", ["offset": .int(firstId + 1)]).requireResult()
            #expect(rest.arrayValue?.map { $0["update_id"] } == [first[1]["update_id"]])

            // Confirming everything leaves nothing, and later calls without offset do not bring anything back.
            let none = try await sandbox.call("getUpdates", ["offset": .int(firstId + 2)]).requireResult()
            #expect(none.arrayValue?.isEmpty == true)
            #expect(try await sandbox.call("getUpdates").requireResult().arrayValue?.isEmpty == true)
        }
    }

    @Test func limitAndNegativeOffsetSelectUpdates() async throws {
        try await withSandbox { sandbox in
            for index in 1...5 { try await sandbox.userSays("сообщение \(index)") }
            let limited = try await sandbox.call("getUpdates", ["limit": 2]).requireResult().arrayValue ?? []
            #expect(limited.map { $0["message"]?["text"]?.stringValue } == ["сообщение 1", "сообщение 2"])

            let lastOne = try await sandbox.call("getUpdates", ["offset": -1]).requireResult().arrayValue ?? []
            #expect(lastOne.map { $0["message"]?["text"]?.stringValue } == ["сообщение 5"])
            // Everything before it is forgotten.
            let after = try await sandbox.call("getUpdates").requireResult().arrayValue ?? []
            #expect(after.count == 1)
        }
    }

    @Test func longPollReturnsAsSoonAsAnUpdateArrives() async throws {
        try await withSandbox { sandbox in
            async let poll = sandbox.call("getUpdates", ["timeout": 50])
            // Inject once the poll is waiting (the sandbox counts calls as they arrive).
            try await waitForLongPoll(in: sandbox)
            try await sandbox.userSays("Привет")
            let updates = try await poll.requireResult().arrayValue ?? []
            #expect(updates.count == 1)
            #expect(updates.first?["message"]?["text"] == "Привет")
        }
    }

    @Test func longPollWithoutUpdatesReturnsAnEmptyListAtItsTimeout() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.call("getUpdates", ["timeout": 1])
            #expect(result.status == 200)
            #expect(result.result == [])
        }
    }

    @Test func aNewerGetUpdatesTerminatesTheWaitingOne() async throws {
        try await withSandbox { sandbox in
            async let older = sandbox.call("getUpdates", ["timeout": 50])
            try await waitForLongPoll(in: sandbox)
            let newer = try await sandbox.call("getUpdates", ["timeout": 0])
            #expect(newer.ok)
            let terminated = try await older
            #expect(terminated.status == 409)
            #expect(terminated.description
                == "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        }
    }

    @Test func allowedUpdatesFilterWhatIsCreated() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.call("getUpdates", ["allowed_updates": ["callback_query"]])
            try await sandbox.userSays("не попадёт")
            #expect(try await sandbox.call("getUpdates").requireResult() == [])
            _ = try await sandbox.call("getUpdates", ["allowed_updates": []])
            try await sandbox.userSays("попадёт")
            let updates = try await sandbox.call("getUpdates").requireResult().arrayValue ?? []
            #expect(updates.map { $0["message"]?["text"]?.stringValue } == ["попадёт"])
        }
    }

    @Test func parametersMayComeAsQueryStringOrForm() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("один")
            try await sandbox.userSays("два")
            let viaQuery = try await sandbox.callQuery("getUpdates", "limit=1&timeout=0").requireResult()
            #expect(viaQuery.arrayValue?.count == 1)
            let viaForm = try await sandbox.callForm("getUpdates", ["limit": "2"]).requireResult()
            #expect(viaForm.arrayValue?.count == 2)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func shutdownEndsWaitingLongPolls() async throws {
        // The poll asks for 300 s; the graceful shutdown at the end of withSandbox must end it at once (otherwise
        // the HTTP server would wait for it and the time limit fails the test).
        var configuration = SandboxConfiguration.forTests()
        configuration.maxLongPollSeconds = 600
        try await withSandbox(configuration) { sandbox in
            async let poll = sandbox.call("getUpdates", ["timeout": 300])
            try await waitForLongPoll(in: sandbox)
            await sandbox.stop()
            let result = try await poll
            #expect(result.ok)
            #expect(result.result == [])
        }
    }
}

/// Waits until a getUpdates call of the sandbox's first bot is waiting.
func waitForLongPoll(in sandbox: Sandbox) async throws {
    try await waitUntil("a long poll started", deadline: .seconds(20), interval: .milliseconds(20)) {
        let bots = try await sandbox.control(.get, "bots").requireResult()
        return (bots[0]?["active_long_polls"]?.intValue ?? 0) >= 1
    }
}

/// Waits until the sandbox has received a call of `method` (the control counters show it).
func waitForCall(_ method: String, in sandbox: Sandbox, count: Int = 1) async throws {
    try await waitUntil("the sandbox received \(method)", deadline: .seconds(20), interval: .milliseconds(20)) {
        let counters = try await sandbox.control(.get, "counters").requireResult()
        return (counters["by_method"]?[method]?.intValue ?? 0) >= count
    }
}
