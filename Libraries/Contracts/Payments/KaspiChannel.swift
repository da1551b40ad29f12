import Foundation

/// How the guest pays with Kaspi.
public enum KaspiChannel: String, Codable, Sendable, Equatable, CaseIterable {
    /// Kaspi calls our pay-by-account endpoint (the guest pays «по номеру счёта» = the booking number).
    case account
    /// A Kaspi Pay invoice sent to the guest's phone (partner API `remote/create`).
    case invoice
    /// A Kaspi Pay payment link (partner API `qr/create-link`).
    case link
}
