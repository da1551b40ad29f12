print("bus-benchmark: placeholder")
