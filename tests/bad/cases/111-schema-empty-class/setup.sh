sed -i 's|<class prefix="">[^<]*</class>|<class prefix=""></class>|' catalog/grpc.xml
