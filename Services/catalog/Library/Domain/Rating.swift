/// The review aggregate of an apartment: the sum and number of 1…5 ratings.
struct Rating: Sendable, Equatable {
    let sum: Int64
    let count: Int

    /// The average rounded to two decimals; nil without reviews.
    var average: Double? {
        guard count > 0 else { return nil }
        return (Double(sum) / Double(count) * 100).rounded() / 100
    }
}
