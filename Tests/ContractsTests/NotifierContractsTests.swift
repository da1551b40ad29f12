import Contracts
import Foundation
import Testing

/// The notifier's command is pinned by its golden file (`Golden/notifier.send.v1.json`).
@Suite struct NotifierContractsTests {
    static let messageId = UUID(uuidString: "3D7C1E2A-4B5F-4C6D-8E9F-0A1B2C3D4E5F")!
    static let occurredAt = ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!

    @Test func sendNotificationMatchesItsGoldenFile() throws {
        let command = SendNotification(
            chatId: 1001, text: "<b>Квартира опубликована</b>",
            buttons: [[NotificationButton(text: "Главное меню", callbackData: "m:menu")],
                      [NotificationButton(text: "Сайт", url: "https://example.kz/a")]],
            dedupeKey: "realtor:publish:42", notBefore: ContractsCoding.parseInstant("2026-12-25T05:00:00.000Z"))
        let envelope = Envelope(command, producer: .admin, messageId: Self.messageId, occurredAt: Self.occurredAt)
        let golden = try GoldenMessageTests.golden(SendNotification.messageType)
        let encoded = try ContractsCoding.encoder.encode(envelope)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
        #expect(try RawEnvelope(body: golden).decode(SendNotification.self) == envelope)
    }

    @Test func optionalFieldsMayBeLeftOut() throws {
        let minimal = try ContractsCoding.decoder.decode(
            SendNotification.self, from: Data(#"{"chatId":7,"dedupeKey":"k","text":"hi"}"#.utf8))
        #expect(minimal == SendNotification(chatId: 7, text: "hi", dedupeKey: "k"))
    }
}
