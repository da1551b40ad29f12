import Foundation
import Logging

/// Everything the sandbox holds: Kaspi Pay payments with their refunds, and the pay-by-account exchanges.
/// Lives in memory; `reset()` forgets it.
public actor KaspiState {
    public nonisolated let configuration: KaspiSandboxConfiguration
    let logger: Logger

    var payments: [Int64: SandboxPayment] = [:]
    var paymentOrder: [Int64] = []
    var exchanges: [AccountExchange] = []
    var nextExchangeId = 1
    var nextRun = 1
    /// Partner API calls to fail on purpose (control API `faults`), consumed one per call.
    var pendingFaults: [PartnerAPIError] = []
    private var lastIdentifier: Int64 = 0
    var boundBaseURL: String?

    public init(configuration: KaspiSandboxConfiguration, logger: Logger = Logger(label: "kaspi-sandbox.state")) {
        self.configuration = configuration
        self.logger = logger
    }

    var now: Date { configuration.now() }

    /// A fresh id, unique also across sandbox restarts (merchants store Kaspi's ids): at least the wall-clock
    /// milliseconds, and above every id issued before.
    func makeIdentifier() -> Int64 {
        let clock = Int64(Date().timeIntervalSince1970 * 1000)
        lastIdentifier = max(lastIdentifier + 1, clock)
        return lastIdentifier
    }

    /// The payment with expiry applied, or nil.
    func settledPayment(_ id: Int64) -> SandboxPayment? {
        guard var payment = payments[id] else { return nil }
        let before = payment.status
        payment.settle(now: now)
        if payment.status != before {
            payments[id] = payment
            logger.info("payment expired", metadata: ["kaspi.payment_id": "\(id)", "kaspi.status.before": "\(before.rawValue)"])
        }
        return payment
    }

    func store(_ payment: SandboxPayment) {
        if payments[payment.id] == nil { paymentOrder.append(payment.id) }
        payments[payment.id] = payment
    }

    /// Every payment, newest first, expiry applied.
    public func allPayments() -> [SandboxPayment] {
        paymentOrder.reversed().compactMap { settledPayment($0) }
    }

    public func payment(_ id: Int64) -> SandboxPayment? {
        settledPayment(id)
    }

    /// Forgets payments, refunds, exchanges and pending faults.
    public func reset() {
        payments = [:]
        paymentOrder = []
        exchanges = []
        pendingFaults = []
        logger.info("sandbox reset")
    }

    // MARK: Faults

    func addFaults(_ faults: [PartnerAPIError]) {
        pendingFaults.append(contentsOf: faults)
    }

    /// The next injected fault, consumed.
    func takeFault() -> PartnerAPIError? {
        pendingFaults.isEmpty ? nil : pendingFaults.removeFirst()
    }

    // MARK: Pay-by-account log

    func startRun() -> Int {
        defer { nextRun += 1 }
        return nextRun
    }

    func record(_ make: (Int) -> AccountExchange) -> AccountExchange {
        let exchange = make(nextExchangeId)
        nextExchangeId += 1
        exchanges.append(exchange)
        // Forget in chunks, so a full log does not shift the whole array on every record.
        if exchanges.count > configuration.exchangeHistory + max(1, configuration.exchangeHistory / 10) {
            exchanges.removeFirst(exchanges.count - configuration.exchangeHistory)
        }
        return exchange
    }

    /// Recorded exchanges, oldest first, optionally only those of one `txn_id` or one run.
    public func accountExchanges(txnId: String? = nil, run: Int? = nil) -> [AccountExchange] {
        exchanges.filter { (txnId == nil || $0.txnId == txnId) && (run == nil || $0.run == run) }
    }
}

extension KaspiState {
    /// Where links point: the configured public base URL, or the bound address once the server runs.
    public var linkBaseURL: String {
        configuration.publicBaseURL ?? boundBaseURL ?? "http://\(configuration.host):\(configuration.port)"
    }

    func serverStarted(port: Int) {
        boundBaseURL = "http://\(configuration.host):\(port)"
    }
}
