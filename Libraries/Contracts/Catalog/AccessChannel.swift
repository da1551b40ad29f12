/// Where the details are shown (recorded in the audit).
public enum AccessChannel: String, Codable, Sendable, Equatable, CaseIterable {
    case telegram
    case webAdmin = "web_admin"
}
