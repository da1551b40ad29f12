print("catalog: placeholder")
