import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime
import Toolkit

/// Answers `booking.hold.place.v1`: validates the dates by the business clock, prices the stay from the
/// apartment replica (asking the catalog when the apartment is new to booking), and inserts the hold. The
/// exclusion constraint decides races: the loser's insert fails and it answers `unavailable`.
struct HoldHandler: Sendable {
    let database: DatabasePool
    let transitions: BookingTransitions
    let clock: BusinessClock
    let holdDuration: Duration
    let maxActiveHolds: Int
    let catalog: any CatalogApartments
    let bookings = BookingRepository()
    let apartments = ApartmentReplica()

    func placeHold(_ envelope: Envelope<PlaceHold>, logger: Logger) async throws -> HoldOutcome {
        let request = envelope.payload
        // A repeated request (the same requestId: a redelivery, a double press) answers the hold it placed. It is
        // looked for only when this attempt cannot place a hold, so the usual first attempt costs no lookup.
        func earlierHold() async throws -> HoldOutcome? {
            try await bookings.find(requestId: request.requestId, on: database)
                .map { HoldOutcome(result: .held, booking: $0.summary) }
        }
        let now = clock.now()
        let dates: StayDates
        switch StayDates.validate(checkIn: request.checkIn, checkOut: request.checkOut, now: now) {
        case let .valid(valid): dates = valid
        case let .invalid(problem):
            return try await earlierHold() ?? HoldOutcome(result: .invalidDates, dateProblem: problem)
        }
        guard let apartment = try await apartment(request.apartmentId), apartment.listed else {
            return try await earlierHold() ?? HoldOutcome(result: .apartmentUnavailable)
        }
        let hold = NewHold(id: UUID(), requestId: request.requestId, apartmentId: apartment.apartmentId,
                           realtorId: apartment.realtorId, guestId: request.guestId, guestChatId: request.guestChatId,
                           dates: dates, pricePerNightTiyn: apartment.pricePerNightTiyn,
                           holdExpiresAt: now.addingTimeInterval(holdDuration.timeInterval), createdAt: now)
        do {
            let placed = try await database.withTransaction { transaction -> Booking? in
                guard let booking = try await bookings.insert(hold, maxActiveHolds: maxActiveHolds, now: now,
                                                              on: transaction) else { return nil }
                try await transitions.publishHeld(booking, cause: envelope.metadata, in: transaction)
                return booking
            }
            guard let booking = placed else {
                logger.notice("hold refused: the guest has as many unpaid holds as allowed", metadata: [
                    "guest.id": "\(request.guestId)", "booking.max_active_holds": "\(maxActiveHolds)",
                ])
                return try await earlierHold() ?? HoldOutcome(result: .tooManyHolds)
            }
            logger.info("hold placed", metadata: [
                "booking.id": "\(booking.id)", "booking.number": "\(booking.number)",
                "apartment.id": "\(booking.apartmentId)", "guest.id": "\(booking.guestId)",
            ])
            return HoldOutcome(result: .held, booking: booking.summary)
        } catch let error as DatabaseError where error.isExclusionViolation {
            // Either another guest holds these dates, or this very request does (its earlier attempt).
            return try await earlierHold() ?? HoldOutcome(result: .unavailable)
        } catch let error as DatabaseError where error.isUniqueViolation {
            // The same request was placed before or raced itself: answer the hold the other attempt placed.
            guard let earlier = try await earlierHold() else { throw error }
            return earlier
        }
    }

    private func apartment(_ id: UUID) async throws -> ReplicatedApartment? {
        try await apartments.resolve(id, catalog: catalog, on: database)
    }
}
