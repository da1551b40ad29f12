import Gateway
import ServiceRuntime

await ServiceApp.main(GatewayApp.self)
