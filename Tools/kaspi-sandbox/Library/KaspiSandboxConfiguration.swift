import Foundation

/// Everything the Kaspi sandbox can be told at start. Defaults suit development; tests override what they need.
public struct KaspiSandboxConfiguration: Sendable {
    /// The development API key documented in docs/kaspi-sandbox.md (`KASPI_SANDBOX_API_KEY` default).
    public static let developmentAPIKey = "sandbox-kaspi-key"
    public static let developmentOrganizationBin = "123456789012"
    public static let developmentDeviceToken = "2be4cc91-5895-48f8-8bc2-86c7bd419b3b"

    public var host: String
    /// 0 picks a free port (tests read the bound port from `onServerRunning`).
    public var port: Int
    /// Base of the links `qr/create-link` hands out (`<base>/pay/<id>`); nil: `http://<host>:<bound port>`.
    public var publicBaseURL: String?

    // Partner API identity.
    /// Expected in the `Api-Key` header of every partner API call.
    public var apiKey: String
    public var organizationBin: String
    public var deviceToken: String
    public var tradePointId: Int64
    public var tradePointName: String

    // Lifetimes.
    /// How long a `remote/create` invoice can be paid.
    public var invoiceLifetime: Duration
    /// How long a `qr/create-link` link (or `qr/create` QR) can be opened: `ExpireDate`, `LinkActivationWaitTimeout`.
    public var linkLifetime: Duration
    /// Extra time a payer in `Wait` has to confirm: `PaymentConfirmationTimeout`.
    public var confirmationTimeout: Duration
    /// `StatusPollingInterval` advertised to merchants.
    public var statusPollingInterval: Duration

    // Pay-by-account (the sandbox calling the merchant).
    /// The merchant's pay-by-account URL (ours: `http://127.0.0.1:8084/kaspi/pay-by-account`); nil: every
    /// pay-by-account control call must name a `url`.
    public var merchantAccountURL: String?
    /// Local address the sandbox calls the merchant from (e.g. `127.0.0.2`); nil: the kernel's choice.
    public var sourceAddress: String?
    /// Kaspi's client timeout for one check/pay request.
    public var accountRequestTimeout: Duration
    /// Delay before re-sending a pay that timed out or got `result 4`.
    public var accountRetryDelay: Duration
    /// Pay attempts per payment (the first one included) before Kaspi gives up.
    public var accountMaxAttempts: Int
    /// Client timeout of the first pay in the control API's `timeout` scenario when the call does not name one
    /// and asks for a real abort (`abort: true`).
    public var simulatedTimeout: Duration

    /// Pay-by-account exchanges kept (oldest forgotten first).
    public var exchangeHistory: Int

    /// The sandbox's clock. Tests inject a manual one to exercise expiry without waiting.
    public var now: @Sendable () -> Date

    public init(host: String = "127.0.0.1", port: Int = 8091, publicBaseURL: String? = nil,
                apiKey: String = KaspiSandboxConfiguration.developmentAPIKey,
                organizationBin: String = KaspiSandboxConfiguration.developmentOrganizationBin,
                deviceToken: String = KaspiSandboxConfiguration.developmentDeviceToken,
                tradePointId: Int64 = 1, tradePointName: String = "ЖильеGO",
                invoiceLifetime: Duration = .seconds(15 * 60), linkLifetime: Duration = .seconds(5 * 60),
                confirmationTimeout: Duration = .seconds(65), statusPollingInterval: Duration = .seconds(5),
                merchantAccountURL: String? = nil, sourceAddress: String? = nil,
                accountRequestTimeout: Duration = .seconds(5), accountRetryDelay: Duration = .seconds(1),
                accountMaxAttempts: Int = 5, simulatedTimeout: Duration = .milliseconds(200),
                exchangeHistory: Int = 10_000,
                now: @escaping @Sendable () -> Date = { Date() })
    {
        self.host = host
        self.port = port
        self.publicBaseURL = publicBaseURL
        self.apiKey = apiKey
        self.organizationBin = organizationBin
        self.deviceToken = deviceToken
        self.tradePointId = tradePointId
        self.tradePointName = tradePointName
        self.invoiceLifetime = invoiceLifetime
        self.linkLifetime = linkLifetime
        self.confirmationTimeout = confirmationTimeout
        self.statusPollingInterval = statusPollingInterval
        self.merchantAccountURL = merchantAccountURL
        self.sourceAddress = sourceAddress
        self.accountRequestTimeout = accountRequestTimeout
        self.accountRetryDelay = accountRetryDelay
        self.accountMaxAttempts = accountMaxAttempts
        self.simulatedTimeout = simulatedTimeout
        self.exchangeHistory = exchangeHistory
        self.now = now
    }
}

extension Duration {
    /// Whole seconds (rounded down).
    var wholeSeconds: Int64 { components.seconds }
}
