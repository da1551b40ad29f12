import Contracts
import Foundation
import Testing

/// The admin service's account messages and booking's realtor messages (blocks, guest ratings), pinned by golden files like every type.
/// `ZG_RECORD_GOLDEN=1` writes missing or changed files into Tests/ContractsTests/Golden (and fails the test, so a
/// recording is never mistaken for a pass).
@Suite struct AccountsAndBlocksGoldenTests {
    static let id = UUID(uuidString: "6B1E6D7A-2F57-4C0B-9B8E-1D2C3B4A5F60")!
    static let apartmentId = UUID(uuidString: "5C0A7E2B-1D4F-5A8B-9C3E-2F1A0B9C8D7E")!
    static let blockId = UUID(uuidString: "B10C0000-1D4F-4A8B-9C3E-2F1A0B9C8D7E")!
    static let at = ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!

    /// `file`: the golden file's name when a type has more than one (default: the message type).
    static func check<M: Message>(_ message: M, producer: ServiceName, file: String? = nil) throws {
        let envelope = Envelope(message, producer: producer, messageId: id, occurredAt: at)
        let encoded = String(decoding: try ContractsCoding.encoder.encode(envelope), as: UTF8.self)
        if ProcessInfo.processInfo.environment["ZG_RECORD_GOLDEN"] == "1" {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appending(path: "Golden/\(file ?? M.messageType.rawValue).json")
            try (encoded + "\n").write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.lastPathComponent)")
            return
        }
        let golden = try GoldenMessageTests.golden(MessageType(rawValue: file ?? M.messageType.rawValue))
        #expect(encoded == String(decoding: golden, as: UTF8.self), "\(M.messageType)")
        #expect(try RawEnvelope(body: golden).decode(M.self) == envelope, "\(M.messageType)")
    }

    @Test func accounts() throws {
        try Self.check(GetAccount(telegramId: 9_100_000_003), producer: .gateway)
        try Self.check(AccountLookup(telegramId: 9_100_000_003, role: .realtor, displayName: "Айгерим",
                                     phone: "+77011234567"), producer: .admin)
        try Self.check(CheckInvite(code: "7K3P-9QXM", telegramId: 9_100_000_003), producer: .gateway)
        try Self.check(RedeemInvite(code: "7K3P-9QXM", telegramId: 9_100_000_003, displayName: "Айгерим",
                                    phone: "+77011234567"), producer: .gateway)
        try Self.check(InviteRedemption(outcome: .alreadyHasRole), producer: .admin)
        try Self.check(CreateInvite(role: .realtor, createdBy: 42), producer: .gateway)
        try Self.check(InviteCreated(code: "7K3P-9QXM", role: .realtor, expiresAt: Self.at), producer: .admin)
        try Self.check(AccountRoleChanged(telegramId: 9_100_000_003, previousRole: .guest, role: .realtor,
                                          changedBy: 9_100_000_003, reason: "invite", occurredAt: Self.at),
                       producer: .admin)
    }

    @Test func blocks() throws {
        let block = BlockSummary(blockId: Self.blockId, apartmentId: Self.apartmentId, realtorId: 9_100_000_003,
                                 from: ContractsCoding.parseInstant("2026-12-10T07:00:00Z")!,
                                 to: ContractsCoding.parseInstant("2026-12-13T07:00:00Z")!, reason: .elsewhere,
                                 createdBy: 9_100_000_003)
        let actor = AccessRequester(role: .realtor, userId: 9_100_000_003)
        try Self.check(PlaceBlock(requestId: Self.id, apartmentId: Self.apartmentId, from: block.from, to: block.to,
                                  reason: .elsewhere, actor: actor), producer: .gateway)
        try Self.check(RemoveBlock(blockId: Self.blockId, actor: actor), producer: .gateway)
        try Self.check(BlockOutcome(result: .overlaps, conflictingBookingNumber: "100042"), producer: .booking)
        try Self.check(BlockPlaced(block: block), producer: .booking)
        try Self.check(BlockRemoved(block: block, removedBy: 9_100_000_003), producer: .booking)
    }

    @Test func guestRatings() throws {
        let bookingId = UUID(uuidString: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")!
        try Self.check(RateGuest(bookingId: bookingId, actor: AccessRequester(role: .realtor, userId: 9_100_000_003),
                                 rating: 2, violation: true, comment: "Курили в квартире"), producer: .gateway)
        try Self.check(GuestRatingOutcome(result: .alreadyRated), producer: .booking)
        try Self.check(GuestRated(bookingId: bookingId, apartmentId: Self.apartmentId, guestId: 5001,
                                  realtorId: 9_100_000_003, rating: 2, violation: true, occurredAt: Self.at),
                       producer: .booking)
        try Self.check(CancelBooking(bookingId: bookingId, guestId: 0,
                                     actor: AccessRequester(role: .realtor, userId: 9_100_000_003)),
                       producer: .gateway, file: "booking.cancel.by-realtor.v1")
    }

    @Test func noShows() throws {
        let bookingId = UUID(uuidString: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")!
        try Self.check(MarkNoShow(bookingId: bookingId, actor: AccessRequester(role: .realtor, userId: 9_100_000_003)),
                       producer: .gateway)
        try Self.check(NoShowOutcome(result: .tooEarlyOrLate), producer: .booking)
        let booking = BookingSummary(
            bookingId: bookingId, number: "100042", apartmentId: Self.apartmentId, realtorId: 9_100_000_003,
            guestId: 5001, guestChatId: 5001, checkIn: ContractsCoding.parseInstant("2026-12-25T09:00:00Z")!,
            checkOut: ContractsCoding.parseInstant("2026-12-27T07:00:00Z")!, nights: 2, pricePerNightTiyn: 1_500_000,
            totalTiyn: 3_000_000, status: .noShow, holdExpiresAt: nil,
            paidAt: ContractsCoding.parseInstant("2026-12-20T10:00:00Z")!, cancelledAt: nil, refundTiyn: nil,
            createdAt: ContractsCoding.parseInstant("2026-12-20T09:55:00Z")!)
        try Self.check(BookingNoShow(booking: booking, markedBy: 9_100_000_003), producer: .booking)
    }
}
