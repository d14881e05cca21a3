package backend

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"peil/instruments"
	"peil/survey"
	"peil/xlsform"
)

// InstrumentByIDOrFile returns a built-in instrument, or the instrument in
// a file when arg names one (a .yaml or .yml file, or a path).
func InstrumentByIDOrFile(arg string) (*survey.Instrument, error) {
	if strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml") || strings.ContainsRune(arg, os.PathSeparator) {
		return instruments.Load(arg)
	}
	return instruments.Builtin(arg)
}

// ConvertXLSForm reads an XLSForm (name is its file name, which gives the
// form its id when the settings sheet does not) and returns the instrument
// and its instrument file. warnings say what peil leaves out; err, when
// an xlsform.Problems, lists every problem of the form. The file is
// checked as peil reads files: what peil writes, peil reads back.
func ConvertXLSForm(name string, r io.Reader) (in *survey.Instrument, file []byte, warnings []xlsform.Warning, err error) {
	in, warnings, err = xlsform.Import(name, r)
	if err != nil {
		return nil, nil, warnings, err
	}
	if file, err = instruments.Marshal(in); err != nil {
		return nil, nil, warnings, err
	}
	if _, err := instruments.Parse(in.ID+".yaml", file); err != nil {
		return nil, nil, warnings, fmt.Errorf("the converted instrument does not pass peil's checks: %w", err)
	}
	return in, file, warnings, nil
}

// InstrumentFormats are the formats an instrument is written in.
var InstrumentFormats = []string{"xlsform", "yaml"}

// WriteInstrument returns an instrument as an XLSForm spreadsheet
// ("xlsform", also "xlsx") or a peil instrument file ("yaml").
func WriteInstrument(in *survey.Instrument, format string) ([]byte, error) {
	var buf bytes.Buffer
	switch strings.ToLower(format) {
	case "xlsform", "xlsx":
		if err := xlsform.Export(&buf, in); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case "yaml":
		return instruments.Marshal(in)
	}
	return nil, survey.Errorf(survey.EINVALID, "unknown format %q: use xlsform or yaml", format)
}
