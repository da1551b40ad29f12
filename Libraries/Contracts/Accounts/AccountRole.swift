import Foundation

/// What a person may do. Everyone is a guest; the admin service grants realtor (invite codes) and superadmin (ops).
public enum AccountRole: String, Codable, Sendable, Equatable, CaseIterable {
    case guest
    case realtor
    case superadmin
}
