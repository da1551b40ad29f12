import Contracts
import Foundation
import Testing

/// Each message type's JSON is pinned by a golden file: a field renamed or retyped by accident fails here
/// before it breaks a consumer (ours or a third party's).
@Suite struct GoldenMessageTests {
    static func golden(_ type: MessageType) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Golden/\(type.rawValue)", withExtension: "json"))
        let text = try String(contentsOf: url, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return Data(text.utf8)
    }

    static let serviceStarted = Envelope(
        ServiceStarted(service: .catalog, instanceId: UUID(uuidString: "0F6D0D1C-39B8-4E4F-8F44-5B0F1A2B3C4D")!,
                       version: "0.1.0", schemaVersion: 3,
                       startedAt: ContractsCoding.parseInstant("2026-11-25T08:59:58Z")!),
        producer: .catalog, messageId: UUID(uuidString: "6B1E6D7A-2F57-4C0B-9B8E-1D2C3B4A5F60")!,
        occurredAt: ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!)

    @Test func serviceStartedEncodesToItsGoldenFile() throws {
        let encoded = try ContractsCoding.encoder.encode(Self.serviceStarted)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: try Self.golden(ServiceStarted.messageType), as: UTF8.self))
    }

    @Test func serviceStartedDecodesFromItsGoldenFile() throws {
        let raw = try RawEnvelope(body: try Self.golden(ServiceStarted.messageType))
        #expect(raw.metadata.type == ServiceStarted.messageType)
        #expect(try raw.decode(ServiceStarted.self) == Self.serviceStarted)
    }

    /// Every message type declared in Libraries/Contracts has its golden file (pinned by its contract's tests).
    @Test func everyMessageTypeHasAGoldenFile() throws {
        let contracts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Libraries/Contracts")
        let declaration = #/static let messageType: MessageType = "([^"]+)"/#
        var types: [String] = []
        let files = try #require(FileManager.default.enumerator(at: contracts, includingPropertiesForKeys: nil))
        for case let file as URL in files where file.pathExtension == "swift" {
            let source = try String(contentsOf: file, encoding: .utf8)
            types += source.matches(of: declaration).map { String($0.output.1) }
        }
        #expect(types.count > 40, "the scan finds the message types in \(contracts.path)")
        let missing = types.filter { Bundle.module.url(forResource: "Golden/\($0)", withExtension: "json") == nil }
        #expect(missing.isEmpty, "message types without a golden file: \(missing.sorted().joined(separator: ", "))")
    }

    @Test func decodingAsTheWrongTypeIsRefused() throws {
        struct Other: Event {
            static let messageType: MessageType = "test.other.v1"
        }
        let raw = try RawEnvelope(body: try Self.golden(ServiceStarted.messageType))
        #expect(throws: ContractsError.typeMismatch(expected: Other.messageType, actual: ServiceStarted.messageType)) {
            try raw.decode(Other.self)
        }
    }

    @Test(arguments: ["", "{", "{\"type\":\"x\"}", "[1,2]", "{\"messageId\":\"not-a-uuid\"}"])
    func malformedBodiesAreRejected(body: String) {
        #expect(throws: (any Error).self) { try RawEnvelope(body: Data(body.utf8)) }
    }

    @Test func causedMessagesKeepTheCorrelation() {
        let first = Self.serviceStarted
        let next = first.caused(first.payload, by: .analytics)
        #expect(next.correlationId == first.correlationId)
        #expect(next.causationId == first.messageId)
        #expect(next.messageId != first.messageId)
        #expect(next.producer == .analytics)
    }

    @Test func instantsKeepMilliseconds() throws {
        let date = Date(timeIntervalSince1970: 1_764_061_200.123)
        let parsed = try #require(ContractsCoding.parseInstant(ContractsCoding.formatInstant(date)))
        #expect(abs(parsed.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.001)
    }
}
