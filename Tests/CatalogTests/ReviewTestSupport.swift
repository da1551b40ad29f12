@testable import Catalog
import Contracts
import Foundation
import Messaging
import ServiceRuntime

/// Bookings and clocks for the review tests.
enum ReviewFixtures {
    /// The business "now" of the review tests.
    static let now = ContractsCoding.parseInstant("2026-12-20T10:00:00.000Z")!

    static func clock(_ instant: Date = now) -> BusinessClock { BusinessClock(source: { instant }) }

    /// A booking of `apartment` by `guest` that ended `checkOut` (two hours before ``now`` by default).
    static func booking(apartment: UUID, guest: Int64, realtor: Int64 = 1001, status: BookingStatus = .completed,
                        checkOut: Date = now.addingTimeInterval(-2 * 3600)) -> BookingSummary
    {
        let checkIn = checkOut.addingTimeInterval(-2 * 24 * 3600 - 2 * 3600)
        return BookingSummary(bookingId: UUID(), number: "\(100_000 + guest)", apartmentId: apartment,
                              realtorId: realtor, guestId: guest, guestChatId: guest, checkIn: checkIn,
                              checkOut: checkOut, nights: 2, pricePerNightTiyn: 2_000_000, totalTiyn: 4_000_000,
                              status: status, holdExpiresAt: nil, paidAt: checkIn.addingTimeInterval(-86_400),
                              cancelledAt: status == .cancelled ? checkIn.addingTimeInterval(-3600) : nil,
                              refundTiyn: nil, createdAt: checkIn.addingTimeInterval(-90_000))
    }

    static func directory(_ bookings: [BookingSummary]) -> StubBookings {
        StubBookings(bookings: Dictionary(uniqueKeysWithValues: bookings.map { ($0.bookingId, $0) }))
    }
}

extension CatalogFixture {
    func reviews(_ bookings: [BookingSummary], at instant: Date = ReviewFixtures.now) -> ReviewHandler {
        ReviewHandler(database: pool, outbox: Outbox(producer: .catalog, signal: OutboxSignal()),
                      bookings: ReviewFixtures.directory(bookings), clock: ReviewFixtures.clock(instant))
    }
}

extension ReviewHandler {
    func submit(_ request: SubmitReview) async throws -> ReviewSubmission {
        try await submit(Envelope(request, producer: .gateway), logger: testLogger)
    }

    func hide(_ request: HideReview) async throws -> ReviewHiding {
        try await hide(Envelope(request, producer: .admin), logger: testLogger)
    }
}
