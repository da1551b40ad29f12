import Foundation

/// A one-way flag. `@unchecked Sendable`: `value` is only touched under `lock`.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
