import Contracts
import Foundation
import HTTPClient
import Logging
import Messaging
import Presentation

/// Writing a review (PRODUCT.md scenario 5): eligibility first (the catalog decides: the guest's own booking,
/// completed, within 30 days of check-out, not reviewed yet), then rating buttons, text or «Пропустить», up to
/// five photos (each downloaded and checked to be a real image), and publishing with `SubmitReview`.
/// Every step is kept in the conversation (``ReviewDraft``); anything typed or sent that does not fit the step is
/// answered with a hint and changes nothing.
struct ReviewHandler: Sendable {
    let desk: any ReviewDesk
    let bookings: any BookingDesk
    let logger: Logger

    // MARK: Start

    /// `v:new:<booking>`: checks eligibility and shows the rating step, or a refusal (the conversation then stays
    /// where it was).
    func start(bookingId: UUID, guestId: Int64, state: ConversationState,
               context: ChatContext) async throws -> ConversationState
    {
        let eligibility = try await desk.eligibility(bookingId: bookingId, guestId: guestId)
        guard eligibility.eligible else {
            logger.info("review refused", metadata: ["booking.id": "\(bookingId)",
                                                     "reason": "\(eligibility.reason?.rawValue ?? "-")"])
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.reviewRefusal(eligibility.reason))
            return state
        }
        guard let booking = try await bookings.booking(bookingId, guestId: guestId) else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.reviewRefusal(.notFound))
            return state
        }
        if case .review(let old) = state, let messageId = old.messageId {
            try? await context.removeButtons(of: messageId)
        }
        let card = try? await context.listings.card(apartmentId: booking.apartmentId, botId: context.api.botId)
        var draft = ReviewDraft(bookingId: bookingId, apartmentId: booking.apartmentId)
        let message = try await context.api.sendMessage(
            chatId: context.chatId, text: Texts.reviewRatingPrompt(apartment: card.map { "\($0.cityName), \($0.districtName)" }),
            markup: .inline(Self.ratingButtons))
        draft.messageId = message.messageId
        return .review(draft)
    }

    static let ratingButtons: [[InlineButton]] = [
        (1...5).map { InlineButton(Texts.ratingButton($0), .reviewRating($0)) },
        [InlineButton(Texts.reviewCancelButton, .reviewCancel)],
    ]

    // MARK: Buttons of the draft's message

    /// A star, «Пропустить» or «Отмена» on the draft's current message.
    func handle(_ data: CallbackData, draft current: ReviewDraft,
                context: ChatContext) async throws -> (ConversationState, String?)
    {
        var draft = current
        switch (data, draft.step) {
        case (.reviewRating(let stars), .rating):
            draft.rating = stars
            draft.step = .text
            try await show(&draft, context: context, newMessage: false)
        case (.reviewSkipText, .text):
            draft.text = ""
            draft.step = .photos
            try await show(&draft, context: context, newMessage: false)
        case (.reviewCancel, _):
            if let messageId = draft.messageId {
                try? await context.removeButtons(of: messageId)
            }
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.reviewCancelled,
                                              markup: MenuHandler.keyboard)
            return (.idle, nil)
        default:
            return (.review(draft), Texts.useButtons)
        }
        return (.review(draft), nil)
    }

    /// The step's prompt with its buttons: edits the draft's message, or sends a new one (below what the guest
    /// typed or sent), taking the buttons off the previous one.
    private func show(_ draft: inout ReviewDraft, context: ChatContext, newMessage: Bool) async throws {
        let text: String
        var rows: [[InlineButton]]
        switch draft.step {
        case .rating:
            text = Texts.reviewRatingPrompt(apartment: nil)
            rows = Self.ratingButtons
        case .text:
            text = Texts.reviewTextPrompt(rating: draft.rating ?? 5)
            rows = [[InlineButton(Texts.skipText, .reviewSkipText)]]
        case .photos:
            text = draft.photos.isEmpty ? Texts.reviewPhotosPrompt : Texts.photoAdded(count: draft.photos.count)
            rows = [[InlineButton(draft.photos.isEmpty ? Texts.publishWithoutPhotos : Texts.publishDone,
                                  .reviewPublish(draft.bookingId))]]
        }
        if draft.step != .rating { rows.append([InlineButton(Texts.reviewCancelButton, .reviewCancel)]) }
        if !newMessage, let messageId = draft.messageId {
            try await context.editText(messageId, text: text, markup: .inline(rows))
            return
        }
        if let old = draft.messageId {
            try? await context.removeButtons(of: old)
        }
        let message = try await context.api.sendMessage(chatId: context.chatId, text: text, markup: .inline(rows))
        draft.messageId = message.messageId
    }

    // MARK: Messages while writing

    /// Text, a photo, a document or anything else the guest sends while the draft is open.
    func handle(_ message: TelegramMessage, draft current: ReviewDraft,
                context: ChatContext) async throws -> ConversationState
    {
        var draft = current
        switch draft.step {
        case .rating:
            let typed = message.text?.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "⭐", with: "")
                .trimmingCharacters(in: .whitespaces)
            guard let typed, let stars = Int(typed), (1...5).contains(stars) else {
                try await context.api.sendMessage(chatId: context.chatId, text: Texts.ratingHint)
                return .review(draft)
            }
            draft.rating = stars
            draft.step = .text
            try await show(&draft, context: context, newMessage: true)
        case .text:
            guard let text = message.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                try await context.api.sendMessage(chatId: context.chatId, text: Texts.textHint)
                return .review(draft)
            }
            guard text.count <= SubmitReview.maximumTextLength else {
                try await context.api.sendMessage(chatId: context.chatId, text: Texts.textTooLong(text.count))
                return .review(draft)
            }
            draft.text = text
            draft.step = .photos
            try await show(&draft, context: context, newMessage: true)
        case .photos:
            if let sizes = message.photo, let largest = sizes.max(by: { Self.area($0) < Self.area($1) }) {
                return try await addPhoto(fileId: largest.fileId, uniqueId: largest.fileUniqueId ?? largest.fileId,
                                          draft: draft, context: context)
            }
            if let document = message.document {
                try await refuse(document, context: context)
                return .review(draft)
            }
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.photosHint)
        }
        return .review(draft)
    }

    private static func area(_ size: TelegramPhotoSize) -> Int { (size.width ?? 0) * (size.height ?? 0) }

    /// Downloads the photo, checks it is a real image and adds it to the draft.
    private func addPhoto(fileId: String, uniqueId: String, draft current: ReviewDraft,
                          context: ChatContext) async throws -> ConversationState
    {
        var draft = current
        if draft.photos.contains(where: { $0.fileUniqueId == uniqueId }) {
            try await show(&draft, context: context, newMessage: true)
            return .review(draft)
        }
        guard draft.photos.count < SubmitReview.maximumPhotos else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.tooManyPhotos)
            return .review(draft)
        }
        if let problem = await check(fileId: fileId, context: context) {
            try await context.api.sendMessage(chatId: context.chatId, text: problem)
            return .review(draft)
        }
        draft.photos.append(ReviewPhotoRef(fileId: fileId, fileUniqueId: uniqueId))
        try await show(&draft, context: context, newMessage: true)
        return .review(draft)
    }

    /// nil when the file is a real image; otherwise the text telling the guest why not.
    private func check(fileId: String, context: ChatContext) async -> String? {
        do {
            let file = try await context.api.getFile(fileId: fileId)
            if let size = file.fileSize, size > ImageCheck.maximumBytes { return Texts.imageTooLarge }
            guard let path = file.filePath else { return Texts.photoDownloadFailed }
            let data = try await context.api.downloadFile(path: path, maxBytes: ImageCheck.maximumBytes)
            let image = try ImageCheck.check(data)
            logger.debug("review photo accepted", metadata: ["format": "\(image.format.rawValue)",
                                                             "width": "\(image.width)", "height": "\(image.height)"])
            return nil
        } catch let problem as ImageCheck.Problem {
            logger.info("review photo refused", metadata: ["problem": "\(problem)"])
            switch problem {
            case .notAnImage: return Texts.notAnImage
            case .tooLarge: return Texts.imageTooLarge
            case .badDimensions, .empty: return Texts.imageUnreadable
            }
        } catch let error as TelegramError {
            logger.warning("review photo download failed", metadata: ["error": "\(error)"])
            return error.detail.hasPrefix("file larger than") ? Texts.imageTooLarge : Texts.photoDownloadFailed
        } catch {
            logger.warning("review photo download failed", metadata: ["error": "\(error)"])
            return Texts.photoDownloadFailed
        }
    }

    /// A document: an image sent as a file is asked for again as a photo (only photos are shown in reviews);
    /// anything else is not an image.
    private func refuse(_ document: TelegramDocument, context: ChatContext) async throws {
        let claimsImage = document.mimeType?.hasPrefix("image/") == true
        let text: String
        if claimsImage, await check(fileId: document.fileId, context: context) == nil {
            text = Texts.imageAsFile
        } else {
            text = Texts.notAnImage
        }
        try await context.api.sendMessage(chatId: context.chatId, text: text)
    }

    // MARK: Publishing

    /// `v:pub:<booking>`: submits the draft. Pressed again after publishing (a double press, an old message),
    /// the guest is told the review is already published.
    func publish(bookingId: UUID, guestId: Int64, state: ConversationState, messageId: Int,
                 context: ChatContext) async throws -> (ConversationState, String?)
    {
        guard case .review(let draft) = state, draft.bookingId == bookingId, draft.step == .photos,
              let rating = draft.rating
        else {
            let eligibility = try await desk.eligibility(bookingId: bookingId, guestId: guestId)
            try? await context.removeButtons(of: messageId)
            if eligibility.reason == .alreadyReviewed { return (state, Texts.reviewAlreadyPublished) }
            return (state, Texts.reviewButtonStale)
        }
        let outcome = try await desk.submit(SubmitReview(bookingId: bookingId, guestId: guestId, rating: rating,
                                                         text: draft.text, photos: draft.photos))
        if let current = draft.messageId {
            try? await context.removeButtons(of: current)
        }
        switch outcome.result {
        case .published:
            logger.info("review published", metadata: ["booking.id": "\(bookingId)",
                                                       "review.id": "\(outcome.review?.reviewId.uuidString ?? "-")",
                                                       "rating": "\(rating)", "photos": "\(draft.photos.count)"])
            try await context.api.sendMessage(
                chatId: context.chatId, text: Texts.reviewPublished,
                markup: .inline([[InlineButton(Texts.reviewsTitle, .reviews(apartmentId: draft.apartmentId, page: 1))]]))
        case .notEligible:
            let text = outcome.reason == .alreadyReviewed ? Texts.reviewAlreadyPublished : Texts.reviewRefusal(outcome.reason)
            try await context.api.sendMessage(chatId: context.chatId, text: text)
        }
        return (.idle, nil)
    }
}
