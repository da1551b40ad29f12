import CCurl
import Foundation

/// One dedicated thread driving a libcurl multi handle: many concurrent transfers, no blocking on Swift's
/// cooperative pool, connections kept alive in the multi handle's cache between requests.
///
/// Thread safety (hence `@unchecked Sendable`): `pending`, `cancellations`, `shuttingDown`, `exited` and
/// `exitWaiters` are guarded by `lock`; `active` and `idleHandles` are confined to the loop thread; the multi
/// handle is used by the loop thread only, except `curl_multi_wakeup`, which libcurl documents as callable
/// from any thread and which is only called under `lock` while `exited` is false (the handle is cleaned up
/// after `exited` is set).
final class CurlEventLoop: @unchecked Sendable {
    private static let maxIdleHandles = 16
    private static let pollMilliseconds: Int32 = 1000

    private let multi: UnsafeMutableRawPointer?
    private let lock = NSLock()
    private var pending: [CurlTransfer] = []
    private var cancellations: [CurlTransfer] = []
    private var shuttingDown = false
    private var exited = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []

    private var active: [UnsafeMutableRawPointer: (transfer: CurlTransfer, handle: CurlEasyHandle)] = [:]
    private var idleHandles: [CurlEasyHandle] = []

    init(name: String) {
        CurlGlobal.ensureInitialized()
        multi = curl_multi_init()
        guard multi != nil else {
            exited = true
            return
        }
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Hands `transfer` to the loop thread; its continuation must already be installed.
    func submit(_ transfer: CurlTransfer) {
        let rejection: HTTPClientError? = lock.withLock {
            if multi == nil {
                return transfer.error(.other, "libcurl could not create a multi handle")
            }
            if shuttingDown || exited {
                return transfer.error(.shutdown, "the HTTP client is shut down")
            }
            pending.append(transfer)
            wakeUpLocked()
            return nil
        }
        if let rejection { transfer.complete(.failure(rejection)) }
    }

    /// Aborts `transfer` promptly wherever it is; it finishes with `CancellationError`.
    func cancel(_ transfer: CurlTransfer) {
        transfer.markCancelled()
        lock.withLock {
            guard !exited else { return }
            cancellations.append(transfer)
            wakeUpLocked()
        }
    }

    /// Stops accepting requests; pending and running ones fail with `HTTPClientError.Kind.shutdown`.
    func requestShutdown() {
        lock.withLock {
            shuttingDown = true
            if !exited { wakeUpLocked() }
        }
    }

    /// `requestShutdown()`, then waits until the thread has released every libcurl resource.
    func shutdown() async {
        requestShutdown()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done: Bool = lock.withLock {
                if exited { return true }
                exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func wakeUpLocked() {
        if let multi { _ = curl_multi_wakeup(multi) }
    }

    // MARK: Loop thread

    private func run() {
        guard let multi else { return }
        while true {
            let (newTransfers, cancelled, stop) = lock.withLock {
                defer {
                    pending.removeAll()
                    cancellations.removeAll()
                }
                return (pending, cancellations, shuttingDown)
            }
            if stop {
                for transfer in newTransfers {
                    transfer.complete(.failure(transfer.error(.shutdown, "the HTTP client is shut down")))
                }
                break
            }
            for transfer in newTransfers { start(transfer, on: multi) }
            for transfer in cancelled { abort(transfer, on: multi) }

            var running: Int32 = 0
            let performCode = curl_multi_perform(multi, &running)
            if performCode != CURLM_OK {
                failAll(on: multi, message: String(cString: curl_multi_strerror(performCode)))
            }
            collectFinished(on: multi)
            if curl_multi_poll(multi, nil, 0, Self.pollMilliseconds, nil) != CURLM_OK {
                Thread.sleep(forTimeInterval: 0.01)  // never spin if polling itself fails
            }
        }
        for (_, entry) in active {
            finish(entry.transfer, handle: entry.handle, on: multi,
                   result: .failure(entry.transfer.error(.shutdown, "the HTTP client is shut down")))
        }
        idleHandles.removeAll()
        let waiters: [CheckedContinuation<Void, Never>] = lock.withLock {
            exited = true
            defer { exitWaiters.removeAll() }
            // Requests that raced with the shutdown flag.
            for transfer in pending {
                transfer.complete(.failure(transfer.error(.shutdown, "the HTTP client is shut down")))
            }
            pending.removeAll()
            cancellations.removeAll()
            return exitWaiters
        }
        curl_multi_cleanup(multi)
        for waiter in waiters { waiter.resume() }
    }

    private func start(_ transfer: CurlTransfer, on multi: UnsafeMutableRawPointer) {
        if transfer.isCancelled {
            transfer.complete(.failure(CancellationError()))
            return
        }
        guard let handle = idleHandles.popLast() ?? CurlEasyHandle() else {
            transfer.complete(.failure(transfer.error(.other, "libcurl could not create an easy handle")))
            return
        }
        do {
            try handle.prepare(for: transfer)
        } catch {
            transfer.releaseCurlResources()
            recycle(handle)
            transfer.complete(.failure(error))
            return
        }
        let code = curl_multi_add_handle(multi, handle.raw)
        guard code == CURLM_OK else {
            transfer.releaseCurlResources()
            recycle(handle)
            transfer.complete(.failure(transfer.error(.other, String(cString: curl_multi_strerror(code)))))
            return
        }
        active[handle.raw] = (transfer, handle)
    }

    private func abort(_ transfer: CurlTransfer, on multi: UnsafeMutableRawPointer) {
        guard let key = active.first(where: { $0.value.transfer === transfer })?.key,
              let entry = active[key] else { return }
        finish(entry.transfer, handle: entry.handle, on: multi, result: .failure(CancellationError()))
    }

    private func collectFinished(on multi: UnsafeMutableRawPointer) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard zg_curl_msg_is_done(message) != 0, let raw = message.pointee.easy_handle,
                  let entry = active[raw] else { continue }
            let code = zg_curl_msg_result(message)
            let transfer = entry.transfer
            let result: Result<HTTPResponse, any Error>
            if code == CURLE_OK {
                result = .success(HTTPResponse(
                    status: entry.handle.responseCode, headers: transfer.headers, body: transfer.body))
            } else {
                result = .failure(Self.error(for: code, transfer: transfer, handle: entry.handle))
            }
            finish(transfer, handle: entry.handle, on: multi, result: result)
        }
    }

    private func failAll(on multi: UnsafeMutableRawPointer, message: String) {
        for (_, entry) in active {
            finish(entry.transfer, handle: entry.handle, on: multi,
                   result: .failure(entry.transfer.error(.other, message)))
        }
    }

    private func finish(
        _ transfer: CurlTransfer, handle: CurlEasyHandle, on multi: UnsafeMutableRawPointer,
        result: Result<HTTPResponse, any Error>
    ) {
        active[handle.raw] = nil
        _ = curl_multi_remove_handle(multi, handle.raw)
        transfer.releaseCurlResources()
        recycle(handle)
        transfer.complete(result)
    }

    private func recycle(_ handle: CurlEasyHandle) {
        if idleHandles.count < Self.maxIdleHandles { idleHandles.append(handle) }
    }

    private static func error(for code: CURLcode, transfer: CurlTransfer, handle: CurlEasyHandle) -> HTTPClientError {
        let message = handle.errorMessage(for: code)
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT,
             CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_SSL_CACERT_BADFILE,
             CURLE_INTERFACE_FAILED:
            kind = .connectionFailed
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            kind = .invalidURL
        case CURLE_FILESIZE_EXCEEDED:
            kind = .responseTooLarge
        case CURLE_WRITE_ERROR where transfer.bodyTooLarge:
            kind = .responseTooLarge
        default:
            kind = .other
        }
        if kind == .responseTooLarge {
            return transfer.error(kind, "response body exceeds \(transfer.limits.maxResponseBytes) bytes",
                                  curlCode: Int(code.rawValue))
        }
        return transfer.error(kind, message, curlCode: Int(code.rawValue))
    }
}
