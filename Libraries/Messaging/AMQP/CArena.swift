import CRabbitMQ
import Foundation

/// Owns the C memory behind the `amqp_bytes_t` / `amqp_table_t` values built for one librabbitmq call.
///
/// librabbitmq only borrows the pointers we pass (it copies or sends them before returning), so the arena has to
/// live exactly as long as the call: use it through ``withArena(_:)``. This is how Swift strings are passed
/// without the dangling-pointer trap of `amqp_cstring_bytes`.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    private func allocate(byteCount: Int, alignment: Int) -> UnsafeMutableRawPointer {
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: alignment)
        blocks.append(block)
        return block
    }

    func bytes(_ string: String) -> amqp_bytes_t {
        var copy = string
        return copy.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
    }

    func bytes(_ buffer: UnsafeRawBufferPointer) -> amqp_bytes_t {
        guard buffer.count > 0, let base = buffer.baseAddress else { return amqp_bytes_t(len: 0, bytes: nil) }
        let block = allocate(byteCount: buffer.count, alignment: 1)
        block.copyMemory(from: base, byteCount: buffer.count)
        return amqp_bytes_t(len: buffer.count, bytes: block)
    }

    /// A NUL-terminated copy, for the librabbitmq functions taking `const char *`.
    func cString(_ string: String) -> UnsafePointer<CChar> {
        let utf8 = Array(string.utf8CString)
        let block = allocate(byteCount: utf8.count, alignment: 1)
        utf8.withUnsafeBytes { block.copyMemory(from: $0.baseAddress!, byteCount: utf8.count) }
        return UnsafePointer(block.assumingMemoryBound(to: CChar.self))
    }

    /// Entries are sorted by key so that equal tables encode identically (queue arguments must match exactly on
    /// every redeclaration).
    func table(_ entries: [String: AMQPFieldValue]) -> amqp_table_t {
        guard !entries.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let sorted = entries.sorted { $0.key < $1.key }
        let block = allocate(byteCount: MemoryLayout<amqp_table_entry_t>.stride * sorted.count,
                             alignment: MemoryLayout<amqp_table_entry_t>.alignment)
        let pointer = block.bindMemory(to: amqp_table_entry_t.self, capacity: sorted.count)
        for (index, entry) in sorted.enumerated() {
            var raw = amqp_table_entry_t()
            raw.key = bytes(entry.key)
            raw.value = fieldValue(entry.value)
            (pointer + index).initialize(to: raw)
        }
        return amqp_table_t(num_entries: Int32(sorted.count), entries: pointer)
    }

    func fieldValue(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var raw = amqp_field_value_t()
        switch value {
        case let .string(string):
            raw.kind = UInt8(AMQP_FIELD_KIND_UTF8.rawValue)
            raw.value.bytes = bytes(string)
        case let .int(int):
            raw.kind = UInt8(AMQP_FIELD_KIND_I64.rawValue)
            raw.value.i64 = int
        case let .bool(bool):
            raw.kind = UInt8(AMQP_FIELD_KIND_BOOLEAN.rawValue)
            raw.value.boolean = bool ? 1 : 0
        case let .table(entries):
            raw.kind = UInt8(AMQP_FIELD_KIND_TABLE.rawValue)
            raw.value.table = table(entries)
        }
        return raw
    }
}

/// Runs `body` with a fresh arena kept alive until `body` returns.
func withArena<Result>(_ body: (CArena) throws -> Result) rethrows -> Result {
    let arena = CArena()
    return try withExtendedLifetime(arena) { try body(arena) }
}
