import Foundation
import Toolkit

/// A JSON object written by hand, so amounts go out as numbers with exactly two decimals (`15000.00`).
struct KaspiJSONObject: Sendable {
    enum Value: Sendable {
        case string(String)
        case integer(Int64)
        case amount(tiyn: Int64)
    }

    private(set) var fields: [(String, Value)] = []

    mutating func add(_ name: String, _ value: Value) { fields.append((name, value)) }

    var data: Data {
        var json = "{"
        for (index, (name, value)) in fields.enumerated() {
            if index > 0 { json += "," }
            json += JSONString.quoted(name) + ":"
            switch value {
            case let .string(text): json += JSONString.quoted(text)
            case let .integer(number): json += String(number)
            case let .amount(tiyn): json += Tiyn.format(tiyn)
            }
        }
        return Data((json + "}").utf8)
    }
}

/// Kaspi's envelope: `{"StatusCode": 0, "Message": "OK", "Data": {…}}`.
struct KaspiEnvelope<Payload: Decodable>: Decodable {
    var StatusCode: Int
    var Message: String?
    var Data: Payload?
}

/// An id Kaspi sends as a number (`15563212345`) or a string; kept as its decimal text.
struct KaspiID: Decodable, Sendable, Equatable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}

/// An amount in tenge (a JSON number, or a string) converted to tiyn exactly.
struct KaspiAmount: Decodable, Sendable, Equatable {
    var tiyn: Int64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self), let tiyn = Tiyn.parse(text) {
            self.tiyn = tiyn
            return
        }
        // JSONDecoder reads a Decimal from the number's digits (no binary floating point on the way).
        let decimal = try container.decode(Decimal.self)
        var scaled = decimal * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        guard rounded == scaled, let tiyn = Tiyn.parse("\(rounded)") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an amount with 2 decimals")
        }
        self.tiyn = tiyn / 100
    }
}
