import Foundation

/// Decides who may call the pay-by-account endpoint from the TCP peer address and, only when that peer is a
/// trusted proxy, from `X-Forwarded-For`.
struct SourceAddressPolicy: Sendable, Equatable {
    /// `KASPI_ALLOWED_SOURCES`: Kaspi's addresses.
    var allowed: AddressList
    /// `KASPI_TRUSTED_PROXIES`: our own reverse proxies, whose `X-Forwarded-For` we believe.
    var trustedProxies: AddressList

    enum Decision: Sendable, Equatable {
        case allowed(client: IPAddress)
        /// `client` is nil when no address could be determined (no peer, or a malformed forwarded hop).
        case refused(client: IPAddress?, reason: String)
    }

    /// The client is the peer unless the peer is a trusted proxy; then it is the right-most hop of
    /// `X-Forwarded-For` that is not a trusted proxy (hops to its left were written by the client and prove nothing).
    func resolveClient(peer: IPAddress?, forwardedFor: [String]) -> IPAddress? {
        guard let peer else { return nil }
        guard trustedProxies.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { return nil }
            client = address
            if !trustedProxies.contains(address) { return address }
        }
        return client
    }

    func decide(peer: IPAddress?, forwardedFor: [String]) -> Decision {
        guard let client = resolveClient(peer: peer, forwardedFor: forwardedFor) else {
            return .refused(client: nil, reason: "source address unknown")
        }
        return allowed.contains(client) ? .allowed(client: client) : .refused(client: client, reason: "source address not allowed")
    }
}
