import CRabbitMQ
import Foundation

/// A field value of an AMQP table (headers, queue arguments, client properties), restricted to what we use.
indirect enum AMQPFieldValue: Sendable, Equatable {
    case string(String)
    case int(Int64)
    case bool(Bool)
    case table([String: AMQPFieldValue])

    var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    var intValue: Int64? {
        if case let .int(value) = self { return value }
        return nil
    }
}

/// The basic properties of an AMQP message as plain Swift values (copied out of librabbitmq's memory pools).
struct AMQPProperties: Sendable, Equatable {
    var contentType: String?
    var headers: [String: AMQPFieldValue] = [:]
    var persistent: Bool?
    var correlationId: String?
    var replyTo: String?
    var expiration: String?
    var messageId: String?
    /// Seconds since 1970.
    var timestamp: UInt64?
    var type: String?
    var appId: String?

    init() {}

    /// Copies the properties out of a decoded librabbitmq header.
    init(_ raw: amqp_basic_properties_t) {
        let flags = raw._flags
        func string(_ flag: amqp_flags_t, _ bytes: amqp_bytes_t) -> String? {
            flags & flag != 0 ? String(amqpBytes: bytes) : nil
        }
        contentType = string(ZG_AMQP_BASIC_CONTENT_TYPE_FLAG, raw.content_type)
        if flags & ZG_AMQP_BASIC_HEADERS_FLAG != 0 { headers = AMQPTable.decode(raw.headers) }
        if flags & ZG_AMQP_BASIC_DELIVERY_MODE_FLAG != 0 {
            persistent = raw.delivery_mode == UInt8(AMQP_DELIVERY_PERSISTENT.rawValue)
        }
        correlationId = string(ZG_AMQP_BASIC_CORRELATION_ID_FLAG, raw.correlation_id)
        replyTo = string(ZG_AMQP_BASIC_REPLY_TO_FLAG, raw.reply_to)
        expiration = string(ZG_AMQP_BASIC_EXPIRATION_FLAG, raw.expiration)
        messageId = string(ZG_AMQP_BASIC_MESSAGE_ID_FLAG, raw.message_id)
        if flags & ZG_AMQP_BASIC_TIMESTAMP_FLAG != 0 { timestamp = raw.timestamp }
        type = string(ZG_AMQP_BASIC_TYPE_FLAG, raw.type)
        appId = string(ZG_AMQP_BASIC_APP_ID_FLAG, raw.app_id)
    }

    /// Builds the C structure; every pointer in it points into `arena`, which must outlive its use.
    func cValue(in arena: CArena) -> amqp_basic_properties_t {
        var raw = amqp_basic_properties_t()
        var flags: amqp_flags_t = 0
        func set(_ value: String?, _ flag: amqp_flags_t, _ field: inout amqp_bytes_t) {
            guard let value else { return }
            field = arena.bytes(value)
            flags |= flag
        }
        set(contentType, ZG_AMQP_BASIC_CONTENT_TYPE_FLAG, &raw.content_type)
        if !headers.isEmpty {
            raw.headers = arena.table(headers)
            flags |= ZG_AMQP_BASIC_HEADERS_FLAG
        }
        if let persistent {
            raw.delivery_mode = UInt8(persistent ? AMQP_DELIVERY_PERSISTENT.rawValue
                                                 : AMQP_DELIVERY_NONPERSISTENT.rawValue)
            flags |= ZG_AMQP_BASIC_DELIVERY_MODE_FLAG
        }
        set(correlationId, ZG_AMQP_BASIC_CORRELATION_ID_FLAG, &raw.correlation_id)
        set(replyTo, ZG_AMQP_BASIC_REPLY_TO_FLAG, &raw.reply_to)
        set(expiration, ZG_AMQP_BASIC_EXPIRATION_FLAG, &raw.expiration)
        set(messageId, ZG_AMQP_BASIC_MESSAGE_ID_FLAG, &raw.message_id)
        if let timestamp {
            raw.timestamp = timestamp
            flags |= ZG_AMQP_BASIC_TIMESTAMP_FLAG
        }
        set(type, ZG_AMQP_BASIC_TYPE_FLAG, &raw.type)
        set(appId, ZG_AMQP_BASIC_APP_ID_FLAG, &raw.app_id)
        raw._flags = flags
        return raw
    }
}

/// Reading AMQP tables out of librabbitmq memory.
enum AMQPTable {
    /// Keeps strings, integers, booleans and nested tables; other kinds (arrays such as `x-death`, floats) are
    /// dropped.
    static func decode(_ table: amqp_table_t) -> [String: AMQPFieldValue] {
        guard table.num_entries > 0, let entries = table.entries else { return [:] }
        var result: [String: AMQPFieldValue] = [:]
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            if let value = decode(entry.value) { result[String(amqpBytes: entry.key)] = value }
        }
        return result
    }

    static func decode(_ value: amqp_field_value_t) -> AMQPFieldValue? {
        switch UInt32(value.kind) {
        case AMQP_FIELD_KIND_UTF8.rawValue, AMQP_FIELD_KIND_BYTES.rawValue:
            return .string(String(amqpBytes: value.value.bytes))
        case AMQP_FIELD_KIND_I8.rawValue: return .int(Int64(value.value.i8))
        case AMQP_FIELD_KIND_U8.rawValue: return .int(Int64(value.value.u8))
        case AMQP_FIELD_KIND_I16.rawValue: return .int(Int64(value.value.i16))
        case AMQP_FIELD_KIND_U16.rawValue: return .int(Int64(value.value.u16))
        case AMQP_FIELD_KIND_I32.rawValue: return .int(Int64(value.value.i32))
        case AMQP_FIELD_KIND_U32.rawValue: return .int(Int64(value.value.u32))
        case AMQP_FIELD_KIND_I64.rawValue: return .int(value.value.i64)
        case AMQP_FIELD_KIND_U64.rawValue, AMQP_FIELD_KIND_TIMESTAMP.rawValue:
            return .int(Int64(truncatingIfNeeded: value.value.u64))
        case AMQP_FIELD_KIND_BOOLEAN.rawValue: return .bool(value.value.boolean != 0)
        case AMQP_FIELD_KIND_TABLE.rawValue: return .table(decode(value.value.table))
        default: return nil
        }
    }
}

extension String {
    /// Copies the bytes (UTF-8, not NUL-terminated) out of librabbitmq memory.
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let start = bytes.bytes else {
            self = ""
            return
        }
        self = String(decoding: UnsafeRawBufferPointer(start: start, count: bytes.len), as: UTF8.self)
    }
}

extension Data {
    /// Copies the bytes out of librabbitmq memory.
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let start = bytes.bytes else {
            self = Data()
            return
        }
        self = Data(bytes: start, count: bytes.len)
    }
}
