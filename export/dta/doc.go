// Package dta writes Stata datasets in .dta format 118 (Stata 14 and later),
// which Stata, R (haven, readstata13), Python (pandas, pyreadstat) and SPSS
// read.
//
// The writer follows Stata's own description of the format ("help dta"):
// an XML-like frame of tagged sections (header, map, variable types, names,
// sort list, formats, value-label names, variable labels, characteristics,
// data, strLs, value labels), little endian (LSF), UTF-8 throughout.
//
// Numbers are stored as byte, int, long, float or double; each type has the
// missing values . and .a to .z (see Missing). Strings are str1 to str2045
// (fixed width, in bytes) or strL (any length). Value labels map whole
// numbers, and the extended missing values, to text.
//
// The writer streams: NewWriter writes everything before the data, each
// WriteRow appends one observation, Close writes the strLs and value labels.
// The number of observations must be known up front (Header.N); when the
// output is a file (io.WriterAt and io.Seeker) a wrong count is corrected at
// Close. strL contents are kept in a temporary file until Close, so memory
// stays flat.
package dta
