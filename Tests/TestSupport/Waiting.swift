import Foundation

public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let diagnostics: String

    public init(what: String, diagnostics: String = "") {
        self.what = what
        self.diagnostics = diagnostics
    }

    public var description: String { "gave up waiting until \(what)\n\(diagnostics.suffix(4000))" }
}

/// Polls `condition` until it is true; fails after `deadline` (a generous bound, not a performance assertion).
public func waitUntil(_ what: String, deadline: Duration = .seconds(30), interval: Duration = .milliseconds(25),
                      diagnostics: () -> String = { "" },
                      _ condition: () async throws -> Bool) async throws
{
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while clock.now < end {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    throw TimedOut(what: what, diagnostics: diagnostics())
}
