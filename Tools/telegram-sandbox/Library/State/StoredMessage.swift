/// One message of a chat as the sandbox keeps it: what it shows now, who sent it, and every earlier version.
struct StoredMessage: Sendable {
    enum Sender: String, Sendable, Codable {
        case bot, user
    }

    let messageId: Int
    let sender: Sender
    let date: Int
    var text: FormattedText?
    var caption: FormattedText?
    var photo: [BotAPI.PhotoSize]?
    var document: BotAPI.Document?
    var contact: BotAPI.Contact?
    var mediaGroupId: String?
    var replyMarkup: ReplyMarkup?
    var replyToMessageId: Int?
    var editDate: Int?
    var versions: [MessageVersion] = []
    var deleted = false

    init(messageId: Int, sender: Sender, date: Int) {
        self.messageId = messageId
        self.sender = sender
        self.date = date
    }

    var hasMedia: Bool { photo != nil || document != nil }

    var currentVersion: MessageVersion {
        MessageVersion(date: editDate ?? date, text: text?.text,
                       entities: text.flatMap { $0.entities.isEmpty ? nil : $0.entities },
                       caption: caption?.text,
                       captionEntities: caption.flatMap { $0.entities.isEmpty ? nil : $0.entities },
                       replyMarkup: replyMarkup?.json)
    }

    var view: ChatMessageView {
        ChatMessageView(messageId: messageId, from: sender.rawValue, date: date, text: text?.text,
                        entities: text.flatMap { $0.entities.isEmpty ? nil : $0.entities }, caption: caption?.text,
                        captionEntities: caption.flatMap { $0.entities.isEmpty ? nil : $0.entities }, photo: photo,
                        document: document, contact: contact, mediaGroupId: mediaGroupId,
                        replyMarkup: replyMarkup?.json, replyToMessageId: replyToMessageId, editDate: editDate,
                        edits: versions, deleted: deleted)
    }
}
