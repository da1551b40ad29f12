import Contracts
import Foundation

/// A ``SubmitReview`` whose fields are in range: rating 1…5, text trimmed and at most 2000 characters (empty
/// allowed: a guest may only rate), 0…5 photos with non-empty Telegram ids.
struct ReviewDraft: Sendable, Equatable {
    let bookingId: UUID
    let guestId: Int64
    let rating: Int
    let text: String
    let photos: [ReviewPhotoRef]

    /// - Throws: ``CatalogError/invalidField(field:reason:)`` naming the first bad field.
    init(_ request: SubmitReview) throws {
        guard (1...5).contains(request.rating) else {
            throw CatalogError.invalidField(field: "rating", reason: "must be 1…5")
        }
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= SubmitReview.maximumTextLength else {
            throw CatalogError.invalidField(field: "text",
                                            reason: "must be at most \(SubmitReview.maximumTextLength) characters")
        }
        guard request.photos.count <= SubmitReview.maximumPhotos else {
            throw CatalogError.invalidField(field: "photos", reason: "at most \(SubmitReview.maximumPhotos) photos")
        }
        guard request.photos.allSatisfy({ !$0.fileId.isEmpty && !$0.fileUniqueId.isEmpty }) else {
            throw CatalogError.invalidField(field: "photos", reason: "fileId and fileUniqueId must not be empty")
        }
        bookingId = request.bookingId
        guestId = request.guestId
        rating = request.rating
        self.text = text
        photos = request.photos
    }
}
