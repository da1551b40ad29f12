import Contracts
import Foundation
import Testing

/// Booking's messages are pinned by golden files (`Golden/booking.*.json`).
@Suite struct BookingContractsTests {
    static let bookingId = UUID(uuidString: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")!
    static let apartmentId = UUID(uuidString: "5C0A7E2B-1D4F-5A8B-9C3E-2F1A0B9C8D7E")!
    static let requestId = UUID(uuidString: "3D2C1B0A-9F8E-4D7C-8B6A-5F4E3D2C1B0A")!
    static let occurredAt = ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!
    static let checkIn = ContractsCoding.parseInstant("2026-12-24T09:00:00Z")!
    static let checkOut = ContractsCoding.parseInstant("2026-12-26T07:00:00Z")!

    /// Requests come from the gateway or payments, replies and events from booking.
    static func envelope<M: Message>(_ message: M) -> Envelope<M> {
        let producer: ServiceName = M.self is any RPCRequest.Type ? .gateway : .booking
        return Envelope(message, producer: producer, messageId: UUID(uuidString: "6B1E6D7A-2F57-4C0B-9B8E-1D2C3B4A5F60")!,
                        occurredAt: occurredAt)
    }

    static func check<M: Message>(_ message: M) throws {
        let envelope = envelope(message)
        let golden = try GoldenMessageTests.golden(M.messageType)
        let encoded = try ContractsCoding.encoder.encode(envelope)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: golden, as: UTF8.self), "\(M.messageType)")
        #expect(try RawEnvelope(body: golden).decode(M.self) == envelope, "\(M.messageType)")
    }

    static func summary(_ status: BookingStatus) -> BookingSummary {
        let created = ContractsCoding.parseInstant("2026-11-25T08:59:00Z")!
        return BookingSummary(
            bookingId: bookingId, number: "100001", apartmentId: apartmentId, realtorId: 9_100_000_003,
            guestId: 7_100_000_001, guestChatId: 7_100_000_001, checkIn: checkIn, checkOut: checkOut, nights: 2,
            pricePerNightTiyn: 2_750_000, totalTiyn: 5_500_000, status: status,
            holdExpiresAt: status == .held ? ContractsCoding.parseInstant("2026-11-25T09:14:00Z")! : nil,
            paidAt: status == .held || status == .expired ? nil : ContractsCoding.parseInstant("2026-11-25T09:05:00Z")!,
            cancelledAt: status == .cancelled ? ContractsCoding.parseInstant("2026-11-26T10:00:00Z")! : nil,
            refundTiyn: status == .cancelled ? 5_500_000 : nil, createdAt: created)
    }

    @Test func events() throws {
        try Self.check(BookingHeld(booking: Self.summary(.held)))
        try Self.check(BookingPaid(booking: Self.summary(.paid), paymentReference: "account:240000123"))
        try Self.check(BookingCheckedIn(booking: Self.summary(.checkedIn)))
        try Self.check(BookingCompleted(booking: Self.summary(.completed)))
        try Self.check(BookingExpired(booking: Self.summary(.expired)))
        try Self.check(BookingCancelled(booking: Self.summary(.cancelled), wasPaid: true, refundPercent: 100,
                                        cancelledBy: .guest))
    }

    @Test func placeHold() throws {
        try Self.check(PlaceHold(requestId: Self.requestId, apartmentId: Self.apartmentId, guestId: 7_100_000_001,
                                 guestChatId: 7_100_000_001, checkIn: Self.checkIn, checkOut: Self.checkOut))
        try Self.check(HoldOutcome(result: .held, booking: Self.summary(.held)))
    }

    @Test func placeHoldRefusalsOmitTheBooking() throws {
        let json = String(decoding: try ContractsCoding.encoder.encode(
            HoldOutcome(result: .invalidDates, dateProblem: .tooLong)), as: UTF8.self)
        #expect(json == #"{"dateProblem":"too_long","result":"invalid_dates"}"#)
        let unavailable = String(decoding: try ContractsCoding.encoder.encode(HoldOutcome(result: .unavailable)),
                                 as: UTF8.self)
        #expect(unavailable == #"{"result":"unavailable"}"#)
    }

    @Test func lookups() throws {
        try Self.check(GetBooking(bookingId: Self.bookingId, guestId: 7_100_000_001))
        try Self.check(BookingLookup(booking: Self.summary(.paid)))
        try Self.check(ListGuestBookings(guestId: 7_100_000_001, scope: .history, offset: 10, limit: 5))
        try Self.check(GuestBookingsPage(bookings: [Self.summary(.completed)], total: 11))
        try Self.check(CheckAvailability(apartmentIds: [Self.apartmentId], checkIn: Self.checkIn,
                                         checkOut: Self.checkOut))
        try Self.check(AvailabilityResult(busyApartmentIds: [Self.apartmentId]))
    }

    @Test func cancellation() throws {
        try Self.check(CancelBooking(bookingId: Self.bookingId, guestId: 7_100_000_001))
        try Self.check(CancelOutcome(result: .cancelled, booking: Self.summary(.cancelled), refundPercent: 100))
    }

    @Test func payment() throws {
        try Self.check(CheckPayable(account: "100001"))
        try Self.check(PayableStatus(result: .payable, booking: Self.summary(.held)))
        try Self.check(SettlePayment(account: "100001", amountTiyn: 5_500_000, paymentReference: "account:240000123",
                                     paidAt: ContractsCoding.parseInstant("2026-11-25T09:05:00Z")!))
        try Self.check(SettlementOutcome(result: .settled, booking: Self.summary(.paid)))
    }

    /// The card's occupancy (added for booking) is optional: replies without it still decode.
    @Test func apartmentCardOccupancyIsOptional() throws {
        var card = try RawEnvelope(body: try GoldenMessageTests.golden(ApartmentCard.messageType))
            .decode(ApartmentCard.self).payload
        #expect(card.occupancy == nil)
        card.occupancy = "booked"
        let json = String(decoding: try ContractsCoding.encoder.encode(card), as: UTF8.self)
        #expect(json.contains(#""occupancy":"booked""#))
        #expect(try ContractsCoding.decoder.decode(ApartmentCard.self, from: Data(json.utf8)) == card)
    }
}
