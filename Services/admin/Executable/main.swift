import Admin
import ServiceRuntime

await ServiceApp.main(AdminApp.self)
