import Foundation

/// RPC: an apartment's published reviews, newest first, ``pageSize`` per page (PRODUCT.md scenario 5: 10).
/// Hidden reviews are left out. Unknown apartment: RPC error `not_found`; a page past the end is answered empty
/// (with the real `total` and `pageCount`); a negative page or a page size outside 1…50: `bad_request`.
public struct ListReviews: RPCRequest {
    public typealias Response = ReviewPage
    public static let messageType: MessageType = "catalog.reviews.list.v1"
    public static let destination: ServiceName = .catalog

    public static let defaultPageSize = 10
    public static let maximumPageSize = 50

    public var apartmentId: UUID
    /// 0-based.
    public var page: Int
    public var pageSize: Int

    public init(apartmentId: UUID, page: Int = 0, pageSize: Int = ListReviews.defaultPageSize) {
        self.apartmentId = apartmentId
        self.page = page
        self.pageSize = pageSize
    }
}

/// Reply to ``ListReviews``. The gateway shows the position as «`page + 1` из `pageCount`».
public struct ReviewPage: Message {
    public static let messageType: MessageType = "catalog.reviews.list.reply.v1"

    public var apartmentId: UUID
    /// Newest first.
    public var reviews: [Review]
    /// Published, not hidden reviews of the apartment.
    public var total: Int
    /// 0-based, as asked.
    public var page: Int
    public var pageSize: Int
    /// `ceil(total / pageSize)`; 0 without reviews (the empty state).
    public var pageCount: Int
    /// The card's aggregate: average rating rounded to two decimals, nil without reviews.
    public var ratingAverage: Double?
    public var ratingCount: Int

    public init(apartmentId: UUID, reviews: [Review], total: Int, page: Int, pageSize: Int, pageCount: Int,
                ratingAverage: Double?, ratingCount: Int)
    {
        self.apartmentId = apartmentId
        self.reviews = reviews
        self.total = total
        self.page = page
        self.pageSize = pageSize
        self.pageCount = pageCount
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
    }
}
