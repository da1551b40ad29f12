/// Who asks to see access details.
public struct AccessRequester: Codable, Sendable, Equatable {
    public var role: AccessRole
    /// Telegram user id of the person (guest, realtor or superadmin).
    public var userId: Int64

    public init(role: AccessRole, userId: Int64) {
        self.role = role
        self.userId = userId
    }
}

public enum AccessRole: String, Codable, Sendable, Equatable, CaseIterable {
    case guest
    case realtor
    case superadmin
}
