// Package instruments reads, checks and writes instrument files: the YAML
// format in which researchers write questionnaires by hand (see
// docs/instruments.md), and the instruments built into peil.
//
// Parse and Load turn a file into a survey.Instrument. Every problem in a
// file is reported at once, as a Problems list whose entries carry the
// file, line and column and say what to do ("cultuur.yaml:42:11: item q7:
// unknown type "likret"; did you mean "likert"?"). Marshal writes an
// instrument back in the same format. Builtins and Builtin return the
// instruments embedded in the binary: builtin/<id>.yaml is each one's
// source, and builtin/<id>.json its parsed form, which they decode (faster
// than parsing, on every start of the TUI). After changing a built-in, run
// go generate ./instruments; TestBuiltinJSONIsTheYAML fails until then.
package instruments
