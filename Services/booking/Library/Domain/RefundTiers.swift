import Contracts
import Foundation

/// How much of a paid booking is refunded when the guest cancels, by hours left before check-in
/// (PRODUCT.md: ≥ 72 h 100 %, 24–72 h 50 %, < 24 h nothing). Written as `hours:percent` pairs,
/// `72:100,24:50,0:0` (env `BOOKING_REFUND_TIERS`): the first tier whose hours the time left reaches applies.
struct RefundTiers: Sendable, Equatable, CustomStringConvertible {
    /// The contract's type: `GetBooking` quotes the tiers as they are.
    typealias Tier = RefundTier

    /// Sorted by `hoursBefore`, largest first.
    let tiers: [Tier]

    static let standard = RefundTiers(tiers: [Tier(hoursBefore: 72, percent: 100), Tier(hoursBefore: 24, percent: 50),
                                              Tier(hoursBefore: 0, percent: 0)])

    init(tiers: [Tier]) {
        self.tiers = tiers.sorted { $0.hoursBefore > $1.hoursBefore }
    }

    /// Parses `72:100,24:50,0:0`; nil when malformed (hours ≥ 0, percent 0…100, no hours twice).
    init?(parsing text: String) {
        var tiers: [Tier] = []
        for part in text.split(separator: ",") {
            let fields = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let hours = Int(fields[0]), let percent = Int(fields[1]), hours >= 0,
                  (0...100).contains(percent), !tiers.contains(where: { $0.hoursBefore == hours })
            else { return nil }
            tiers.append(Tier(hoursBefore: hours, percent: percent))
        }
        guard !tiers.isEmpty else { return nil }
        self.init(tiers: tiers)
    }

    /// The percent refunded when cancelling `timeLeft` seconds before check-in; nil when no tier applies
    /// (check-in has passed, or the tiers leave the time uncovered): the booking can no longer be cancelled.
    func percent(timeLeft: TimeInterval) -> Int? { tiers.refundPercent(timeLeft: timeLeft) }

    /// `percent` of `total`, rounded down to whole tiyn.
    static func refund(of total: Int64, percent: Int) -> Int64 {
        total * Int64(percent) / 100
    }

    var description: String { tiers.map { "\($0.hoursBefore):\($0.percent)" }.joined(separator: ",") }
}
