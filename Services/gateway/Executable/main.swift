print("gateway: placeholder")
