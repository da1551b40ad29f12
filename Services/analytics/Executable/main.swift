import Analytics
import ServiceRuntime

await ServiceApp.main(AnalyticsApp.self)
