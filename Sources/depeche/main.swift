print("depeche")
