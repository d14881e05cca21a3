#!/bin/sh
# csv2sps.sh CSV SAV SPS — writes to SPS the GNU PSPP syntax that converts
# the CSV file peil exported (header line, comma separated, quoted
# strings) to an SPSS .sav file SAV: the peer of `peil export --format sav`
# in BenchmarkSavVsPSPP (bench/sav_test.go). Column types come from the
# data: a column of numbers only is numeric (F8.2), one of
# "yyyy-mm-dd hh:mm:ss" values a date-time (YMDHMS19), any other a string
# as wide as its longest value. Run the result with: pspp SPS
set -eu
csv=$1 sav=$2 sps=$3
awk -F, -v sav="$sav" -v csv="$csv" '
NR == 1 { n = NF; for (i = 1; i <= NF; i++) { name[i] = $i; num[i] = 1; dt[i] = 1; w[i] = 1 }; next }
{
	for (i = 1; i <= n; i++) {
		v = $i
		gsub(/^"|"$/, "", v)
		if (length(v) > w[i]) w[i] = length(v)
		if (v == "") continue
		if (v !~ /^-?[0-9]+(\.[0-9]+)?$/) num[i] = 0
		if (v !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/) dt[i] = 0
	}
}
END {
	printf "GET DATA /TYPE=TXT /FILE=\"%s\" /ENCODING=\"UTF-8\" /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2\n", csv
	printf "  /DELIMITERS=\",\" /QUALIFIER=\047\"\047\n  /VARIABLES=\n"
	for (i = 1; i <= n; i++) {
		if (num[i]) f = "F8.2"; else if (dt[i]) f = "YMDHMS19"; else f = "A" w[i]
		printf "    %s %s\n", name[i], f
	}
	printf ".\nSAVE OUTFILE=\"%s\".\n", sav
}' "$csv" > "$sps"
