import Contracts
import Database
import Foundation
import Logging

/// Reveals decrypted access details to whoever ``AccessPolicy`` allows, auditing every request (refused ones
/// too) in the same transaction that reads the sealed codes: no reveal without its audit row. A guest's booking
/// is checked with the booking service first (outside the transaction).
struct AccessRevealHandler: Sendable {
    let database: DatabasePool
    let vault: AccessCodeVault
    let apartments: any ApartmentRepository
    let audit: any AccessAuditRepository
    /// Verifies guests' bookings; by default none is known, so every guest is refused.
    var bookings: any BookingDirectory = NoBookings()

    func reveal(_ envelope: Envelope<RevealApartmentAccess>, logger: Logger) async throws -> ApartmentAccessDetails {
        let request = envelope.payload
        let bookingCheck = await checkBooking(of: request, logger: logger)
        let outcome = try await database.withTransaction { transaction -> Result<ApartmentAccessDetails, CatalogError> in
            guard let apartment = try await apartments.load(request.apartmentId, forUpdate: false, on: transaction) else {
                return .failure(.apartmentNotFound(request.apartmentId))
            }
            let refusal = AccessPolicy.refusal(of: request.requester, bookingId: request.bookingId,
                                               booking: bookingCheck, for: apartment)
            let entry = AccessAuditEntry(apartmentId: apartment.id, requester: request.requester,
                                         bookingId: request.bookingId, purpose: request.purpose,
                                         channel: request.channel, refusalReason: refusal,
                                         correlationId: envelope.correlationId, requestMessageId: envelope.messageId)
            if let refusal {
                _ = try await audit.record(entry, on: transaction)
                return .failure(.forbidden(refusal))
            }
            // Decrypt before the audit row commits: a reveal that fails leaves no "granted" row behind.
            let intercom = try apartment.intercomCode.map { code throws(CatalogError) in
                try vault.open(code, field: .intercom, apartmentId: apartment.id)
            }
            let safe = try apartment.safeCode.map { code throws(CatalogError) in
                try vault.open(code, field: .safe, apartmentId: apartment.id)
            }
            let auditId = try await audit.record(entry, on: transaction)
            return .success(ApartmentAccessDetails(
                apartmentId: apartment.id, address: apartment.address, entrance: apartment.entrance,
                floor: apartment.floor, apartmentNumber: apartment.apartmentNumber, intercomCode: intercom,
                safeCode: safe, realtorPhone: apartment.realtorPhone, auditId: auditId))
        }
        let metadata: Logger.Metadata = [
            "apartment.id": "\(request.apartmentId)", "requester.role": "\(request.requester.role.rawValue)",
            "requester.id": "\(request.requester.userId)", "booking.id": "\(request.bookingId.map { "\($0)" } ?? "-")",
            "access.purpose": "\(request.purpose.rawValue)", "access.channel": "\(request.channel.rawValue)",
        ]
        switch outcome {
        case let .success(details):
            logger.info("access details revealed", metadata: metadata.merging(["audit.id": "\(details.auditId)"]) { $1 })
            return details
        case let .failure(error):
            logger.notice("access details refused", metadata: metadata.merging(["reason": "\(error)"]) { $1 })
            throw error
        }
    }

    /// Asks the booking service about a guest's booking; not asked for anyone else.
    private func checkBooking(of request: RevealApartmentAccess, logger: Logger) async -> AccessPolicy.BookingCheck {
        guard request.requester.role == .guest, let bookingId = request.bookingId else { return .notAsked }
        do {
            return .answered(try await bookings.booking(bookingId))
        } catch {
            logger.warning("booking could not be verified", metadata: [
                "booking.id": "\(bookingId)", "error": "\(error)",
            ])
            return .unverifiable
        }
    }
}
