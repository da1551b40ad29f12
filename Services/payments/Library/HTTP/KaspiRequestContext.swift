import Hummingbird
import NIOCore

/// The request context of the Kaspi listener: Hummingbird's core context plus the TCP peer address of the
/// connection (which `BasicRequestContext` does not keep), for the source allow-list.
struct KaspiRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
