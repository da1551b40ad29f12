import Database
import Foundation
import Messaging

/// Everything a handler needs for one update of one chat.
struct ChatContext: Sendable {
    let chatId: Int64
    let api: TelegramBotAPI
    let listings: any Listings
    let outbox: Outbox
    let transaction: DatabaseTransaction
    let today: LocalDate
}
