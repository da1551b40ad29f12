import Foundation

/// How many nights a stay costs (PRODUCT.md: «Cost = price per night × nights»): the nights between the business
/// dates of check-in and check-out, and no fewer than the started 24-hour periods between the two instants — so
/// typed times (in at 00:00, out at 23:59 the next day) cannot block two days for the price of one night. With
/// the usual times (in at 14:00, out at 12:00) both counts agree. Booking prices holds with it; the bot shows the
/// same count before the guest confirms.
public enum StayNights {
    public static func count(calendarNights: Int, checkIn: Date, checkOut: Date) -> Int {
        let seconds = checkOut.timeIntervalSince(checkIn)
        guard seconds > 0 else { return calendarNights }
        return max(calendarNights, Int((seconds / 86_400).rounded(.up)))
    }
}
