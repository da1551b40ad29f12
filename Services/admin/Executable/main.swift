print("admin: placeholder")
