import Foundation
import Testing

@testable import ServiceRuntime

@Suite struct BusinessClockTests {
    @Test func shiftMovesTheClockByTheParsedAmount() throws {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        let reader = ConfigReader(environment: ["ZG_CLOCK_SHIFT": "+36h"])
        let shifted = try BusinessClock.load(from: reader, environment: .test)
        let clock = BusinessClock(shift: shifted.shift) { base }
        #expect(clock.now() == base.addingTimeInterval(36 * 3600))
    }

    @Test(arguments: [("-90m", -5400.0), ("2d", 172_800.0), ("45s", 45.0), ("45", 45.0), ("+1h", 3600.0)])
    func parsesSignedDurations(text: String, seconds: Double) {
        #expect(BusinessClock.parseShift(text) == seconds)
    }

    @Test(arguments: ["", "h", "+", "1.5h", "3w", "abc", "--1h"])
    func refusesMalformedShifts(text: String) {
        #expect(BusinessClock.parseShift(text) == nil)
    }

    @Test func refusesAShiftInProduction() {
        let reader = ConfigReader(environment: ["ZG_CLOCK_SHIFT": "1h"])
        #expect(throws: ConfigError.self) { try BusinessClock.load(from: reader, environment: .production) }
    }

    @Test func withoutTheVariableTheClockIsTheSystemClock() throws {
        let clock = try BusinessClock.load(from: ConfigReader(environment: [:]), environment: .development)
        #expect(clock.shift == 0)
    }

    @Test func businessZoneIsUTCPlusFive() {
        #expect(BusinessClock.zone.secondsFromGMT() == 18_000)
    }
}
