import CCurl

/// `curl_global_init` exactly once per process, before the first handle is made.
enum CurlGlobal {
    /// Swift runs a static stored property's initializer once, thread-safely (`swift_once`).
    private static let initialization: CURLcode = curl_global_init(zg_curl_global_all)

    static func ensureInitialized() {
        _ = initialization
    }
}
