/// A partner API refusal: Kaspi's `StatusCode` and `Message` in the envelope, with the HTTP status the sandbox
/// answers it with (docs/kaspi-protocol.md, «Response envelope»).
public struct PartnerAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let statusCode: Int
    public let message: String
    public let httpStatus: Int

    public init(statusCode: Int, message: String, httpStatus: Int = 200) {
        self.statusCode = statusCode
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "Kaspi StatusCode \(statusCode): \(message)" }

    static let unauthorized = PartnerAPIError(statusCode: -10000, message: "Отсутствует клиентский сертификат",
                                              httpStatus: 401)
    static func malformed(_ detail: String) -> PartnerAPIError {
        PartnerAPIError(statusCode: -1, message: "Неверный формат запроса: \(detail)", httpStatus: 400)
    }
    static let notFoundEndpoint = PartnerAPIError(statusCode: -1, message: "Метод не найден", httpStatus: 404)
    static let unavailable = PartnerAPIError(statusCode: -999, message: "Сервис временно недоступен")
    static let deviceNotFound = PartnerAPIError(statusCode: -1501,
                                                message: "Устройство с заданным идентификатором не найдено")
    static let purchaseNotFound = PartnerAPIError(statusCode: -1601, message: "Покупка не найдена")
    static let returnPurchaseNotFound = PartnerAPIError(statusCode: -99000001,
                                                        message: "Покупка с указанным идентификатором не найдена")
    static let tradePointNotFound = PartnerAPIError(statusCode: -99000002, message: "Торговая точка не найдена")
    static let returnExceedsAmount = PartnerAPIError(statusCode: -99000005,
                                                     message: "Сумма возврата не может превышать сумму покупки")
    static let returnFailed = PartnerAPIError(statusCode: -99000006, message: "Ошибка возврата, повторите попытку")
    static let wrongStatus = PartnerAPIError(statusCode: -99000011,
                                             message: "Невозможно вернуть покупку (неподходящий статус покупки)")
    static let invalidAmount = PartnerAPIError(statusCode: 990000028, message: "Указана неверная сумма операции")
    static let noPaymentMethods = PartnerAPIError(statusCode: 990000033, message: "Нет доступных методов оплаты")
}
