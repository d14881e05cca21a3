// Package sav writes SPSS system files (.sav), the native data format of
// IBM SPSS Statistics, which GNU PSPP, R (haven), Stata and pandas also read.
//
// The writer streams: the dictionary (variable names, labels, value labels,
// missing values, formats, measurement levels) is written by NewWriter, each
// call to WriteRow appends one case, and Close finishes the file. Memory use
// does not grow with the number of rows.
//
// Files are always written in UTF-8 (character encoding record 7.20), little
// endian, optionally with SPSS bytecode compression. The writer follows the
// "System File Format" chapter of the GNU PSPP developers guide:
//
//   - file header record, variable records (type 2) including long string
//     continuation records, value labels records (types 3 and 4), document
//     record (type 6) and the dictionary termination record (type 999);
//   - machine integer and floating point info (7.3, 7.4), variable display
//     parameters (7.11: measurement level, column width, alignment), long
//     variable names (7.13), very long strings of 256 to 32767 bytes split into
//     255-byte segments (7.14), character encoding (7.20), value labels and
//     missing values of long string variables (7.21, 7.22).
//
// Limits imposed by the format and enforced here: variable names are 1 to 64
// bytes, strings are 1 to 32767 bytes wide, value labels are cut to 255 bytes
// (on a character boundary), the file label to 64 bytes, and missing values of
// string variables to 8 bytes. Variable labels are written whole; SPSS
// documents 256 characters as its own limit, PSPP reads longer ones.
//
// Dates and times are numbers: seconds since 14 October 1582 (see
// ToSPSSDate), shown by a date format such as DATE11, EDATE10 or DATETIME20.
package sav
