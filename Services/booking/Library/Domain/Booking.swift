import Contracts
import Database
import Foundation

/// A booking as stored in `stays` (kind 'booking').
struct Booking: Sendable, Equatable {
    var id: UUID
    var number: Int64
    var apartmentId: UUID
    var realtorId: Int64
    var guestId: Int64
    var guestChatId: Int64
    var checkIn: Date
    var checkOut: Date
    var nights: Int
    var pricePerNightTiyn: Int64
    var totalTiyn: Int64
    var status: BookingStatus
    var holdExpiresAt: Date
    var paidAt: Date?
    var paymentReference: String?
    var cancelledAt: Date?
    var refundPercent: Int?
    var refundTiyn: Int64?
    var requestId: UUID
    var createdAt: Date

    /// The columns `init(row:)` reads, for SELECT and RETURNING lists.
    static let columns: SQL = """
        id, number, apartment_id, realtor_id, guest_id, guest_chat_id, lower(period) AS check_in,
        upper(period) AS check_out, nights, price_per_night_tiyn, total_tiyn, status, hold_expires_at, paid_at,
        payment_reference, cancelled_at, refund_percent, refund_tiyn, request_id, created_at
        """

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("number")
        apartmentId = try row.decode("apartment_id")
        realtorId = try row.decode("realtor_id")
        guestId = try row.decode("guest_id")
        guestChatId = try row.decode("guest_chat_id")
        checkIn = try row.decode("check_in")
        checkOut = try row.decode("check_out")
        nights = try row.decode("nights")
        pricePerNightTiyn = try row.decode("price_per_night_tiyn")
        totalTiyn = try row.decode("total_tiyn")
        let statusText = try row.decode("status", as: String.self)
        guard let status = BookingStatus(rawValue: statusText) else {
            throw DatabaseError(kind: .decoding, message: "unknown booking status \(statusText)")
        }
        self.status = status
        holdExpiresAt = try row.decode("hold_expires_at")
        paidAt = try row.decode("paid_at")
        paymentReference = try row.decode("payment_reference")
        cancelledAt = try row.decode("cancelled_at")
        refundPercent = try row.decode("refund_percent")
        refundTiyn = try row.decode("refund_tiyn")
        requestId = try row.decode("request_id")
        createdAt = try row.decode("created_at")
    }

    /// The booking as other services see it. `holdExpiresAt` only while held.
    var summary: BookingSummary {
        BookingSummary(bookingId: id, number: String(number), apartmentId: apartmentId, realtorId: realtorId,
                       guestId: guestId, guestChatId: guestChatId, checkIn: checkIn, checkOut: checkOut,
                       nights: nights, pricePerNightTiyn: pricePerNightTiyn, totalTiyn: totalTiyn, status: status,
                       holdExpiresAt: status == .held ? holdExpiresAt : nil, paidAt: paidAt,
                       cancelledAt: cancelledAt, refundTiyn: refundTiyn, createdAt: createdAt)
    }
}
