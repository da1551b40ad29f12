/// A user as the control API names one: the id, and any profile fields to set or change.
public struct UserInput: Codable, Sendable {
    public var id: Int64
    public var firstName: String?
    public var lastName: String?
    public var username: String?
    public var languageCode: String?

    public init(id: Int64, firstName: String? = nil, lastName: String? = nil, username: String? = nil,
                languageCode: String? = nil)
    {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }
}

/// A group chat as the control API names one: a negative id, the type (`group` or `supergroup`), a title.
public struct GroupInput: Codable, Sendable {
    public var id: Int64
    public var type: String
    public var title: String?

    public init(id: Int64, type: String = "supergroup", title: String? = nil) {
        self.id = id
        self.type = type
        self.title = title
    }
}
