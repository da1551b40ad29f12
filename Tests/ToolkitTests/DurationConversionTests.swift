import Testing
import Toolkit

/// One Duration → milliseconds conversion, rounded up.
@Suite struct DurationConversionTests {
    @Test func wholeMillisecondsRoundUpAndStayExactForWholeValues() {
        #expect(Duration.milliseconds(100).wholeMilliseconds == 100)
        #expect(Duration.seconds(3).wholeMilliseconds == 3_000)
        #expect(Duration.microseconds(1).wholeMilliseconds == 1)
        #expect(Duration.microseconds(1_500).wholeMilliseconds == 2)
        #expect(Duration.zero.wholeMilliseconds == 0)
        #expect(Duration.seconds(Int64.max).wholeMilliseconds == Int64.max)
        #expect(Duration.milliseconds(1_500).timeInterval == 1.5)
    }

    @Test func lockedGuardsItsValue() async {
        let counter = Locked(0)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<100 { group.addTask { counter.withLock { $0 += 1 } } }
        }
        #expect(counter.withLock { $0 } == 100)
    }
}
