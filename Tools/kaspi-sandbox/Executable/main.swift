print("kaspi-sandbox: not built yet")
