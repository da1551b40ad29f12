print("analytics: placeholder")
