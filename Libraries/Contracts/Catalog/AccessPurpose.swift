/// Why the details are revealed (recorded in the audit).
public enum AccessPurpose: String, Codable, Sendable, Equatable, CaseIterable {
    /// Sent to the guest right after a successful payment.
    case bookingPaid = "booking_paid"
    /// The guest pressed «Детали» on an active booking.
    case bookingDetails = "booking_details"
    /// The owning realtor looks at the apartment.
    case ownerView = "owner_view"
    /// The superadmin looks at the apartment (support, disputes).
    case adminView = "admin_view"
}
