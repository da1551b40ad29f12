#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Toolkit

/// A self-pipe that lets async callers wake a connection thread blocked in `poll`.
///
/// `@unchecked Sendable` is safe: the descriptors are immutable after init, and `write`/`read` on a pipe are
/// thread-safe system calls.
final class WakeupPipe: @unchecked Sendable {
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw AMQPError("cannot create a wake-up pipe (errno \(errno))") }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Makes the next (or current) poll return. A full pipe already guarantees that, so EAGAIN is fine.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(readDescriptor, $0.baseAddress, $0.count) }) > 0 {}
    }
}

/// Waits until one of the descriptors is readable (or has an error), at most `timeout`.
/// Returns which ones are ready; both false on timeout.
func pollReadable(_ first: Int32, _ second: Int32, timeout: Duration) -> (Bool, Bool) {
    var descriptors = [pollfd(fd: first, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
    let milliseconds = Int32(clamping: max(0, timeout.wholeMilliseconds))
    while true {
        let result = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
        if result >= 0 { break }
        if errno != EINTR { return (true, true) }
    }
    return (descriptors[0].revents != 0, descriptors[1].revents != 0)
}
