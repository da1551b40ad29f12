import Catalog
import ServiceRuntime

await ServiceApp.main(CatalogApp.self)
