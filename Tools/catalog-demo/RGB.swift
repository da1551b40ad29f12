/// An RGB colour with components in 0…1.
struct RGB: Sendable, Equatable {
    var r: Double
    var g: Double
    var b: Double

    init(_ r: Double, _ g: Double, _ b: Double) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `factor` < 1 darkens, > 1 lightens (clamped).
    func shaded(_ factor: Double) -> RGB {
        RGB(min(1, r * factor), min(1, g * factor), min(1, b * factor))
    }

    /// Linear mix towards `other` by `amount` (0…1).
    func mixed(with other: RGB, _ amount: Double) -> RGB {
        RGB(r + (other.r - r) * amount, g + (other.g - g) * amount, b + (other.b - b) * amount)
    }

    static let white = RGB(1, 1, 1)
    static let black = RGB(0, 0, 0)
}
