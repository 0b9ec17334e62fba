#!/usr/bin/env bash
# The geodetector study step and `nqpf geodetector` with the same options write the same factor
# table, byte for byte, and refuse the same bad options with the same message (one definition:
# src/region/geodetector_options.c). The example data get an id and a year column (a study's data are
# a panel); the two-year file checks "year".
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/parity_lib.bash"
NTD="$TMP/ntd.csv"
NDVI="$TMP/ndvi.csv"
PANEL="$TMP/ntd2.csv"
awk -F, -v OFS=, 'NR==1{print "id,year," $0; next} {print "v" NR-1, 2015, $0}' \
  "$NQPF_SOURCE_DIR/tests/data/geodetector/CollectData.csv" >"$NTD"
awk -F, -v OFS=, 'NR==1{print "id,year," $0; next} {print "g" NR-1, 2014, $0}' \
  "$NQPF_SOURCE_DIR/tests/data/geodetector/ndvi_40.csv" >"$NDVI"
awk -F, -v OFS=, 'NR==1{print "id,year," $0; next} {print "v" NR-1, 2015, $0; $1=$1*1.5+(NR%7); print "v" NR-1, 2016, $0}' \
  "$NQPF_SOURCE_DIR/tests/data/geodetector/CollectData.csv" >"$PANEL"
F='"factors": ["watershed", "soiltype", "elevation"], "categorical": ["watershed", "soiltype", "elevation"]'
A="--factors watershed,soiltype,elevation --categorical watershed,soiltype,elevation"

parity ntd "$NTD" id year "\"y\": \"incidence\", $F" geodetector --y incidence $A
parity ntd_drop "$NTD" id year "\"y\": \"incidence\", $F, \"singletons\": \"drop\", \"alpha\": 0.1" \
  geodetector --y incidence $A --singletons drop --alpha 0.1
parity year "$PANEL" id year "\"y\": \"incidence\", $F, \"year\": 2016" geodetector --y incidence $A --year 2016
parity auto "$NDVI" id year '"y": "NDVIchange", "factors": ["Climatezone", "Tempchange", "GDP"], "classes": "3..5"' \
  geodetector --y NDVIchange --factors Climatezone,Tempchange,GDP --classes 3..5
parity natural "$NDVI" id year '"y": "NDVIchange", "factors": "Precipitation,Popdensity", "discretize": "natural", "classes": "4"' \
  geodetector --y NDVIchange --factors Precipitation,Popdensity --discretize natural --classes 4

parity_error classes "$NTD" id year '"y": "incidence", "factors": "watershed", "classes": "2..40"' \
  classes "expected a number of classes K or a range K1..K2 within 2..20 (e.g. 3..7), found '2..40'" \
  geodetector --y incidence --factors watershed --classes 2..40
parity_error discretize "$NTD" id year '"y": "incidence", "factors": "watershed", "discretize": "kmeans"' \
  discretize "expected auto|equal|quantile|natural|geometric|sd, found 'kmeans'" \
  geodetector --y incidence --factors watershed --discretize kmeans
parity_error categorical "$NTD" id year '"y": "incidence", "factors": "watershed", "categorical": "soiltype"' \
  categorical "'soiltype' is not one of the factors; list it in factors too" \
  geodetector --y incidence --factors watershed --categorical soiltype
parity_error factors "$NTD" id year '"y": "incidence", "factors": ["watershed", "watershed"]' \
  factors "'watershed' is listed twice" geodetector --y incidence --factors watershed,watershed
finish
