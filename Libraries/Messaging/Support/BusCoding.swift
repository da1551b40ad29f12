import Contracts
import Foundation

/// `ContractsCoding`'s encoder and decoder, created once: both are thread-safe and building them per message
/// is measurable at bus rates.
enum BusCoding {
    static let encoder = ContractsCoding.encoder
    static let decoder = ContractsCoding.decoder

    static func encode<Payload: Message>(_ envelope: Envelope<Payload>) throws -> RawEnvelope {
        do {
            return RawEnvelope(metadata: envelope.metadata, body: try encoder.encode(envelope))
        } catch {
            throw MessagingError(.encoding, "cannot encode \(Payload.messageType): \(error)")
        }
    }
}
