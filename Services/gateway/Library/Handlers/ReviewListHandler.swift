import Contracts
import Foundation
import Logging
import Messaging
import Presentation

/// Reading an apartment's reviews: 10 per page, newest first, «Стр. 2 из 3» with ◀️/▶️, the empty state, and a
/// «📷» button per review with photos that sends them by their Telegram file_ids.
struct ReviewListHandler: Sendable {
    let desk: any ReviewDesk
    let logger: Logger

    static let pageSize = ListReviews.defaultPageSize

    /// Page `requested` (1-based; past the end shows the last page), as a new message or by editing `editing`.
    func show(apartmentId: UUID, page requested: Int, context: ChatContext, editing: Int?) async throws {
        guard var page = try await fetch(apartmentId: apartmentId, page: requested, context: context) else { return }
        if page.reviews.isEmpty, page.pageCount > 0, requested > page.pageCount {
            guard let last = try await fetch(apartmentId: apartmentId, page: page.pageCount, context: context) else { return }
            page = last
        }
        let text: String
        var rows: [[InlineButton]] = []
        if page.total == 0 || page.reviews.isEmpty {
            text = Texts.noReviews
        } else {
            text = Texts.reviewsPage(page)
            let number = page.page + 1
            let photoButtons = page.reviews.enumerated().compactMap { index, review -> InlineButton? in
                guard !review.photos.isEmpty else { return nil }
                return InlineButton(Texts.reviewPhotosButton(number: page.page * page.pageSize + index + 1,
                                                             count: review.photos.count),
                                    .reviewPhotos(apartmentId: apartmentId, page: number, index: index))
            }
            rows = stride(from: 0, to: photoButtons.count, by: 2).map {
                Array(photoButtons[$0..<min($0 + 2, photoButtons.count)])
            }
            let navigation = ChatContext.pageNavigation(page: number, of: page.pageCount,
                                                        previous: Texts.previousReviews, next: Texts.nextReviews,
                                                        target: { .reviews(apartmentId: apartmentId, page: $0) })
            if !navigation.isEmpty { rows.append(navigation) }
        }
        try await context.showPage(text, rows: rows, editing: editing)
    }

    /// The photos of review `index` of page `page`, sent by file_id (an album, or one photo).
    func sendPhotos(apartmentId: UUID, page: Int, index: Int, context: ChatContext) async throws {
        guard let reviews = try await fetch(apartmentId: apartmentId, page: page, context: context) else { return }
        guard index < reviews.reviews.count, !reviews.reviews[index].photos.isEmpty else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.reviewPhotosGone)
            return
        }
        let sources = reviews.reviews[index].photos.prefix(10).map { PhotoSource.fileId($0.fileId) }
        do {
            if sources.count == 1, let only = sources.first {
                try await context.api.sendPhoto(chatId: context.chatId, photo: only)
            } else {
                _ = try await context.api.sendMediaGroup(chatId: context.chatId, photos: Array(sources))
            }
        } catch let error as TelegramError where error.isUnknownFileId {
            logger.warning("a review photo's file_id was refused", metadata: ["error": "\(error)"])
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.reviewPhotosGone)
        }
    }

    /// The page from the catalog; nil (the guest told) when the apartment does not exist.
    private func fetch(apartmentId: UUID, page: Int, context: ChatContext) async throws -> ReviewPage? {
        do {
            return try await desk.reviews(apartmentId: apartmentId, page: max(0, page - 1), pageSize: Self.pageSize)
        } catch RPCError.remote(let code, _) where code == "not_found" {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.apartmentNotFound)
            return nil
        }
    }
}
