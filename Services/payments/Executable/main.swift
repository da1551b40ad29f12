import Payments
import ServiceRuntime

await ServiceApp.main(PaymentsApp.self)
