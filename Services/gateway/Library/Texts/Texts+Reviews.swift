import Contracts
import Foundation

/// Texts of the reviews (PRODUCT.md scenario 5): writing one, and reading an apartment's reviews.
extension Texts {
    // MARK: Entry points

    public static let leaveReview = "⭐ Оставить отзыв"
    /// «⭐ Оставить отзыв · №100042» (the history lists several bookings in one message).
    public static func leaveReview(number: String) -> String { "\(leaveReview) · №\(number)" }
    /// «Отзывы (23)» on an apartment card.
    public static func reviewsButton(count: Int) -> String { "Отзывы (\(count))" }

    // MARK: Refusals

    public static func reviewRefusal(_ reason: ReviewIneligibility?) -> String {
        switch reason {
        case .notFound, .notYourBooking, nil:
            "Бронь не найдена. Отзыв можно оставить только о своём завершённом проживании."
        case .stayNotFinished:
            "Отзыв можно оставить после выезда — когда проживание по этой брони завершится."
        case .tooLate:
            "Срок для отзыва истёк: отзыв принимается в течение \(SubmitReview.reviewWindowDays) дней после выезда."
        case .alreadyReviewed:
            "Вы уже оставили отзыв об этом проживании — спасибо! Один отзыв на одну бронь."
        }
    }

    // MARK: Writing

    public static func reviewRatingPrompt(apartment: String?) -> String {
        let about = apartment.map { " о квартире «\(escape($0))»" } ?? ""
        return "Оставьте отзыв\(about).\n\nШаг 1 из 3. Как вам проживание? Поставьте оценку от 1 до 5:"
    }
    public static func stars(_ rating: Int) -> String { String(repeating: "⭐", count: max(0, min(5, rating))) }
    /// The rating buttons: «1 ⭐» … «5 ⭐».
    public static func ratingButton(_ rating: Int) -> String { "\(rating) ⭐" }
    public static let reviewCancelButton = "Отмена"
    public static let ratingHint = "Пожалуйста, поставьте оценку кнопкой «1 ⭐» … «5 ⭐» под сообщением выше."

    public static func reviewTextPrompt(rating: Int) -> String {
        """
        Ваша оценка: \(stars(rating))

        Шаг 2 из 3. Напишите пару слов о проживании (до \(SubmitReview.maximumTextLength) символов) \
        или нажмите «Пропустить».
        """
    }
    public static let skipText = "Пропустить"
    public static let textHint = "Пришлите отзыв текстом (до 2000 символов) или нажмите «Пропустить» под сообщением выше."
    public static func textTooLong(_ length: Int) -> String {
        "Слишком длинный отзыв: \(length) символов, можно до \(SubmitReview.maximumTextLength). Сократите и пришлите ещё раз."
    }

    public static let reviewPhotosPrompt = """
        Шаг 3 из 3. Пришлите до 5 фото (можно альбомом) или опубликуйте отзыв без фото.
        """
    public static func photoAdded(count: Int) -> String {
        let more = count < SubmitReview.maximumPhotos ? "Пришлите ещё или нажмите «Готово»." : "Это максимум — нажмите «Готово»."
        return "📷 Фото добавлено: \(count) из \(SubmitReview.maximumPhotos). \(more)"
    }
    public static let publishWithoutPhotos = "Опубликовать без фото"
    public static let publishDone = "✅ Готово — опубликовать"
    public static let photosHint = "Пришлите фото (до 5) или нажмите «Опубликовать без фото» / «Готово» под сообщением выше."
    public static let tooManyPhotos = "Можно приложить не больше 5 фото — лишние я не добавил. Нажмите «Готово», чтобы опубликовать."
    public static let notAnImage = """
        Это не изображение. Пришлите фото (JPEG, PNG или WebP) или нажмите «Готово» / «Опубликовать без фото».
        """
    public static let imageAsFile = """
        Это изображение пришло файлом. Пришлите его как фото (обычной отправкой, со сжатием), чтобы оно было видно \
        в отзыве.
        """
    public static let imageTooLarge = "Файл слишком большой: фото должно быть не больше 10 МБ."
    public static let imageUnreadable = "Не получилось прочитать это фото (повреждённый файл?). Пришлите другое."
    public static let photoDownloadFailed = "Не получилось загрузить фото. Пришлите его ещё раз чуть позже."

    public static let reviewPublished = "Спасибо! Отзыв опубликован."
    public static let reviewAlreadyPublished = "Этот отзыв уже опубликован — спасибо!"
    public static let reviewCancelled = "Хорошо, отзыв не отправлен. Вы можете оставить его позже из «Мои бронирования»."
    public static let reviewButtonStale = "Эта кнопка устарела."

    // MARK: Reading

    public static let reviewsPageSize = ListReviews.defaultPageSize
    /// Review texts longer than this are shortened in the list (a page must fit one message).
    public static let reviewExcerptLength = 300
    /// Reviews pages start with this (pagination edits such a message in place).
    public static let reviewsTitle = "Отзывы"
    public static let noReviews = "Отзывов пока нет."
    public static let apartmentNotFound = "Квартира не найдена."
    public static let previousReviews = "◀️"
    public static let nextReviews = "▶️"
    /// «Стр. 2 из 3»
    public static func reviewsPosition(page: Int, of pages: Int) -> String { "Стр. \(page) из \(pages)" }
    /// «📷 №12 · 3 фото»
    public static func reviewPhotosButton(number: Int, count: Int) -> String { "📷 №\(number) · \(count) фото" }
    public static let reviewPhotosGone = "Фото этого отзыва больше недоступны."

    /// «Гость, 12.11.2026» in the business time zone.
    public static func reviewAuthor(_ review: Review) -> String { reviewAuthorDate(review.publishedAt) }

    /// «Гость, 12.11.2026» for a review published at `instant`.
    public static func reviewAuthorDate(_ instant: Date) -> String {
        let date = LocalDate.today(now: instant)
        return "Гость, " + String(format: "%02d.%02d.%04d", date.day, date.month, date.year)
    }

    public static func reviewEntry(_ review: Review, number: Int) -> String {
        var lines = ["\(number). \(stars(review.rating)) · \(reviewAuthor(review))"]
        let text = review.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty {
            let excerpt = text.count > reviewExcerptLength ? String(text.prefix(reviewExcerptLength)) + "…" : text
            lines.append(escape(excerpt))
        }
        if !review.photos.isEmpty { lines.append("📷 \(review.photos.count) фото") }
        return lines.joined(separator: "\n")
    }

    /// «Отзывы · ★ 4.6 · 25 отзывов\nСтр. 2 из 3\n\n1. …»
    public static func reviewsPage(_ page: ReviewPage) -> String {
        let head = "\(reviewsTitle) · \(rating(average: page.ratingAverage, count: page.ratingCount))"
        let entries = page.reviews.enumerated().map { offset, review in
            reviewEntry(review, number: page.page * page.pageSize + offset + 1)
        }
        return "\(head)\n\(reviewsPosition(page: page.page + 1, of: page.pageCount))\n\n" + entries.joined(separator: "\n\n")
    }
}
