/// A Telegram user the sandbox plays (a guest or realtor talking to the bot). Its id is also the id of its
/// private chat with the bot, as in Telegram.
public struct SandboxUser: Codable, Sendable, Equatable {
    public var id: Int64
    public var firstName: String
    public var lastName: String?
    public var username: String?
    public var languageCode: String?

    public init(id: Int64, firstName: String, lastName: String? = nil, username: String? = nil,
                languageCode: String? = nil)
    {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.username = username
        self.languageCode = languageCode
    }

    var apiUser: BotAPI.User {
        BotAPI.User(id: id, isBot: false, firstName: firstName, lastName: lastName, username: username,
                    languageCode: languageCode)
    }

    var privateChat: BotAPI.Chat {
        BotAPI.Chat(id: id, type: "private", username: username, firstName: firstName, lastName: lastName)
    }
}
