import Foundation

/// An IP network (`10.0.0.0/8`, `2001:db8::/32`) or a single address (`127.0.0.1` = `/32`).
struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    let network: IPAddress
    let prefixLength: Int

    /// Parses `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `ipv6/n`; nil if malformed.
    init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let address = IPAddress(String(parts[0])) else { return nil }
        let bits = address.bytes.count * 8
        var length = bits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...bits).contains(parsed), parts[1].allSatisfy(\.isNumber) else {
                return nil
            }
            length = parsed
        }
        network = address
        prefixLength = length
    }

    func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for (lhs, rhs) in zip(address.bytes, network.bytes) {
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if lhs & mask != rhs & mask { return false }
            remaining -= 8
        }
        return true
    }

    var description: String { "\(network)/\(prefixLength)" }
}

/// A list of address ranges, as configured (`KASPI_ALLOWED_SOURCES`, `KASPI_TRUSTED_PROXIES`).
struct AddressList: Sendable, Equatable {
    var ranges: [AddressRange]

    init(_ ranges: [AddressRange]) { self.ranges = ranges }

    /// Comma-separated addresses or CIDR ranges; nil if any entry is malformed.
    init?(parsing text: String) {
        var ranges: [AddressRange] = []
        for entry in text.split(separator: ",") {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let range = AddressRange(trimmed) else { return nil }
            ranges.append(range)
        }
        self.ranges = ranges
    }

    func contains(_ address: IPAddress) -> Bool { ranges.contains { $0.contains(address) } }
}
