sed -i '0,/number="7"/s//number="07"/' catalog/grpc.xml
