import Contracts
import Foundation
import Testing

@Suite struct EnvelopeTests {
    @Test func roundTripsThroughRawEnvelope() throws {
        let event = ServiceStarted(service: .catalog, instanceId: UUID(), version: "1.0", schemaVersion: 3,
                                   startedAt: Date(timeIntervalSince1970: 1_764_000_000))
        let envelope = Envelope(event, producer: .catalog,
                                occurredAt: Date(timeIntervalSince1970: 1_764_061_200.25))
        let raw = try RawEnvelope(envelope)
        let parsed = try RawEnvelope(body: raw.body)
        #expect(parsed.metadata == envelope.metadata)
        #expect(try parsed.decode(ServiceStarted.self) == envelope)
    }
}
