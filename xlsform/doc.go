// Package xlsform converts between XLSForm spreadsheets (the .xlsx
// convention of ODK and KoboToolbox, with survey, choices and settings
// sheets) and peil instruments.
//
// Import reads a form and returns the instrument, warnings about what peil
// leaves out (metadata fields, calculations, appearance hints), and, when
// the form cannot become an instrument, a Problems error that lists every
// problem with its sheet, cell and column. Export writes an instrument as
// a form that XLSForm tools accept and that Import reads back unchanged.
// docs/xlsform.md describes the mapping for researchers.
package xlsform
