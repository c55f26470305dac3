# Writes the file IN as a C byte array into OUT (cmake -P, no xxd needed).
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "#include <stddef.h>\n"
  "const unsigned char versus_catalog_rng[] = {${bytes}0x00};\n"
  "const size_t versus_catalog_rng_len = ${len};\n")
