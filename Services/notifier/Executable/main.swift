import Notifier
import ServiceRuntime

await ServiceApp.main(NotifierApp.self)
