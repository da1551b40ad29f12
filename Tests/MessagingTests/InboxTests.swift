import Contracts
import Database
import Foundation
import Messaging
import Testing
import TestSupport

/// The inbox makes handlers idempotent: a message id changes state once, however often it arrives.
@Suite struct InboxTests {
    static func withCounterSchema(_ body: (DatabasePool) async throws -> Void) async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "consumer")
            _ = try await Migrator(pool: pool, schema: "consumer", logger: testLogger)
                .migrate(MessagingMigrations.all, component: "messaging")
            try await pool.execute("CREATE TABLE counter (id int PRIMARY KEY, value int NOT NULL)")
            try await pool.execute("INSERT INTO counter VALUES (1, 0)")
            try await body(pool)
        }
    }

    static func count(_ pool: DatabasePool) async throws -> Int {
        try await pool.query("SELECT value FROM counter WHERE id = 1").first?.decode("value", as: Int.self) ?? -1
    }

    @Test func aDuplicateDeliveryChangesNothing() async throws {
        try await Self.withCounterSchema { pool in
            try await withTestVirtualHost { broker in
                let inbox = Inbox()
                let handled = Recorder<Bool>()
                var subscriptions = Subscriptions()
                subscriptions.on(ThingHappened.self) { envelope, _ in
                    let result = try await inbox.handleOnce(envelope.metadata, database: pool) { transaction in
                        try await transaction.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
                        return true
                    }
                    await handled.append(result != nil)
                }
                let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                     logger: testLogger)
                let envelope = Envelope(ThingHappened(number: 1, note: "twice"), producer: .messagingCaller)
                try await withRunningBus(bus) {
                    try await bus.publish(envelope)
                    try await bus.publish(envelope)  // the same message id again, as after an outbox re-publish
                    #expect(try await handled.waitFor(count: 2).sorted { !$0 && $1 } == [false, true])
                }
                #expect(try await Self.count(pool) == 1)
                let rows = try await pool.query("SELECT message_type, producer FROM inbox")
                #expect(rows.count == 1)
                #expect(try rows.first?.decode("producer", as: String.self) == "messaging-caller")
            }
        }
    }

    @Test func concurrentDuplicatesRunTheHandlerOnce() async throws {
        try await Self.withCounterSchema { pool in
            let metadata = EnvelopeMetadata(type: ThingHappened.messageType, correlationId: UUID(),
                                            producer: .messagingCaller)
            let inbox = Inbox()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await inbox.handleOnce(metadata, database: pool) { transaction in
                            try await transaction.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
                            return true
                        } ?? false
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(try await Self.count(pool) == 1)
        }
    }

    @Test func aFailedHandlerLeavesNoTraceSoTheRetryRuns() async throws {
        try await Self.withCounterSchema { pool in
            let metadata = EnvelopeMetadata(type: ThingHappened.messageType, correlationId: UUID(),
                                            producer: .messagingCaller)
            let inbox = Inbox()
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await inbox.handleOnce(metadata, database: pool) { transaction in
                    try await transaction.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
                    throw Boom()
                }
            }
            #expect(try await Self.count(pool) == 0)
            let retried = try await inbox.handleOnce(metadata, database: pool) { transaction in
                try await transaction.execute("UPDATE counter SET value = value + 1 WHERE id = 1")
                return true
            }
            #expect(retried == true)
            #expect(try await Self.count(pool) == 1)
        }
    }
}
