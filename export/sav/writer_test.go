package sav_test

import (
	"bytes"
	"encoding/binary"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"peil/export/sav"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestNewWriterRejectsBadVariables(t *testing.T) {
	tests := []struct {
		name string
		vars []sav.Variable
		want string // part of the error message
	}{
		{"no variables", nil, "no variables"},
		{"empty name", []sav.Variable{{Name: ""}}, "name is empty"},
		{"name too long", []sav.Variable{{Name: strings.Repeat("a", 65)}}, "65 bytes long, the most is 64"},
		{"starts with digit", []sav.Variable{{Name: "1vraag"}}, "must start with a letter"},
		{"starts with underscore", []sav.Variable{{Name: "_x"}}, "must start with a letter"},
		{"scratch variable", []sav.Variable{{Name: "#x"}}, "scratch and system variables"},
		{"system variable", []sav.Variable{{Name: "$x"}}, "scratch and system variables"},
		{"space", []sav.Variable{{Name: "mijn vraag"}}, `contains ' '`},
		{"dash", []sav.Variable{{Name: "vraag-1"}}, `contains '-'`},
		{"ends with period", []sav.Variable{{Name: "vraag."}}, "ends with a period"},
		{"reserved word", []sav.Variable{{Name: "with"}}, "WITH is a reserved word"},
		{"reserved word upper", []sav.Variable{{Name: "ALL"}}, "ALL is a reserved word"},
		{"duplicate ignoring case", []sav.Variable{{Name: "Vraag1"}, {Name: "VRAAG1"}}, `name already used by variable 1 ("Vraag1")`},
		{"ĳ equals ij", []sav.Variable{{Name: "ĳs"}, {Name: "IJS"}}, "ĳ counts as ij"},
		{"string too wide", []sav.Variable{{Name: "s", Type: sav.String(32768)}}, "outside 1..32767"},
		{"negative type", []sav.Variable{{Name: "s", Type: -1}}, "outside 1..32767"},
		{"string format on number", []sav.Variable{{Name: "n", Format: sav.Format{Type: sav.FormatA, Width: 8}}}, "is for strings"},
		{"numeric format on string", []sav.Variable{{Name: "s", Type: sav.String(8), Format: sav.Format{Type: sav.FormatF, Width: 8}}}, "is numeric"},
		{"A width mismatch", []sav.Variable{{Name: "s", Type: sav.String(8), Format: sav.Format{Type: sav.FormatA, Width: 9}}}, "use A8"},
		{"numeric width 41", []sav.Variable{{Name: "n", Format: sav.Format{Type: sav.FormatF, Width: 41}}}, "between 1 and 40"},
		{"date too narrow", []sav.Variable{{Name: "d", Format: sav.Format{Type: sav.FormatDATETIME, Width: 16}}}, "between 17 and 40"},
		{"too many decimals", []sav.Variable{{Name: "n", Format: sav.Format{Type: sav.FormatF, Width: 3, Decimals: 2}}}, "need a width of at least 4"},
		{"decimals on date", []sav.Variable{{Name: "n", Format: sav.Format{Type: sav.FormatDATE, Width: 11, Decimals: 1}}}, "have no decimals"},
		{"unknown format", []sav.Variable{{Name: "n", Format: sav.Format{Type: 99, Width: 8}}}, "unknown format type 99"},
		{"four missing values", []sav.Variable{{Name: "n", Missing: []sav.Value{sav.Num(7), sav.Num(8), sav.Num(9), sav.Num(99)}}}, "4 missing values given, the most is 3"},
		{"range and two values", []sav.Variable{{Name: "n", MissingRange: &sav.Range{Low: 90, High: 99}, Missing: []sav.Value{sav.Num(7), sav.Num(8)}}}, "the most is 1"},
		{"empty range", []sav.Variable{{Name: "n", MissingRange: &sav.Range{Low: 99, High: 90}}}, "is empty"},
		{"range on string", []sav.Variable{{Name: "s", Type: sav.String(2), MissingRange: &sav.Range{Low: 1, High: 2}}}, "needs a numeric variable"},
		{"string missing on number", []sav.Variable{{Name: "n", Missing: []sav.Value{sav.Str("x")}}}, "string value \"x\" for a numeric variable"},
		{"sysmis as user missing", []sav.Variable{{Name: "n", Missing: []sav.Value{sav.Num(math.NaN())}}}, "system-missing is always missing"},
		{"long string missing", []sav.Variable{{Name: "s", Type: sav.String(20), Missing: []sav.Value{sav.Str("123456789")}}}, "at most 8"},
		{"missing wider than variable", []sav.Variable{{Name: "s", Type: sav.String(2), Missing: []sav.Value{sav.Str("abc")}}}, "wider than the variable"},
		{"numeric label on string", []sav.Variable{{Name: "s", Type: sav.String(2), ValueLabels: []sav.ValueLabel{{Value: sav.Num(1), Label: "een"}}}}, "numeric value 1 for a string variable"},
		{"label without value", []sav.Variable{{Name: "n", ValueLabels: []sav.ValueLabel{{Label: "een"}}}}, "no value given"},
		{"duplicate value label", []sav.Variable{{Name: "n", ValueLabels: []sav.ValueLabel{{Value: sav.Num(1), Label: "een"}, {Value: sav.Num(1), Label: "één"}}}}, "value 1 has more than one label"},
		{"duplicate string label after padding", []sav.Variable{{Name: "s", Type: sav.String(4), ValueLabels: []sav.ValueLabel{{Value: sav.Str("ja"), Label: "a"}, {Value: sav.Str("ja "), Label: "b"}}}}, "more than one label"},
		{"bad measure", []sav.Variable{{Name: "n", Measure: 7}}, "unknown measurement level 7"},
		{"bad alignment", []sav.Variable{{Name: "n", Align: 9}}, "unknown alignment 9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := sav.NewWriter(&buf, sav.Header{}, tt.vars)
			if err == nil {
				t.Fatalf("NewWriter accepted %+v", tt.vars)
			}
			if w != nil || buf.Len() != 0 {
				t.Errorf("NewWriter returned a writer or wrote %d bytes despite the error", buf.Len())
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not mention %q", err, tt.want)
			}
		})
	}
}

func TestNewWriterReportsAllProblems(t *testing.T) {
	_, err := sav.NewWriter(io.Discard, sav.Header{}, []sav.Variable{{Name: "ok"}, {Name: "1bad"}, {Name: "AND"}, {Name: "OK"}})
	if err == nil {
		t.Fatal("NewWriter accepted invalid variables")
	}
	for _, want := range []string{`variable 2 ("1bad")`, `variable 3 ("AND")`, `variable 4 ("OK")`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func TestNewWriterAcceptsValidNames(t *testing.T) {
	names := []string{"a", "@x", "vraag_1", "v.1", "x$#@", "één", "ĳsbeer", "Ärger", strings.Repeat("b", 64), "ANDERS", "toets", "q1_werkdruk"}
	vars := make([]sav.Variable, len(names))
	for i, n := range names {
		vars[i] = sav.Variable{Name: n}
	}
	if _, err := sav.NewWriter(io.Discard, sav.Header{}, vars); err != nil {
		t.Fatalf("NewWriter rejected valid names: %v", err)
	}
}

func TestWriteRowRejectsBadRows(t *testing.T) {
	vars := []sav.Variable{{Name: "n"}, {Name: "s", Type: sav.String(4)}}
	tests := []struct {
		name string
		row  []sav.Value
		want string
	}{
		{"too few", []sav.Value{sav.Num(1)}, "row 2 has 1 values, want one for each of the 2 variables"},
		{"too many", []sav.Value{sav.Num(1), sav.Str("a"), sav.Num(3)}, "has 3 values"},
		{"string in numeric", []sav.Value{sav.Str("1"), sav.Str("a")}, `variable "n": string "1" for a numeric variable`},
		{"number in string", []sav.Value{sav.Num(1), sav.Num(2)}, `variable "s": number 2 for a string variable`},
		{"string too wide", []sav.Value{sav.Num(1), sav.Str("ĳsje")}, "text of 5 bytes does not fit the variable's width of 4 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w, err := sav.NewWriter(&buf, sav.Header{}, vars)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.WriteRow([]sav.Value{sav.Num(1), sav.Str("ok")}); err != nil {
				t.Fatal(err)
			}
			err = w.WriteRow(tt.row)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("WriteRow(%v) = %v, want an error mentioning %q", tt.row, err, tt.want)
			}
			// The bad row is not written and the writer stays usable.
			if err := w.WriteRow([]sav.Value{sav.Num(3), sav.Str("ok")}); err != nil {
				t.Fatalf("WriteRow after a rejected row: %v", err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if w.Rows() != 2 {
				t.Errorf("Rows() = %d, want 2", w.Rows())
			}
			if got, want := buf.Len(), dictionarySize(t, vars)+2*16; got != want {
				t.Errorf("file is %d bytes, want %d (dictionary and two rows)", got, want)
			}
		})
	}
}

// dictionarySize returns the size of the file for vars without rows.
func dictionarySize(t *testing.T, vars []sav.Variable) int {
	t.Helper()
	var buf bytes.Buffer
	w, err := sav.NewWriter(&buf, sav.Header{}, vars)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestWriterAfterClose(t *testing.T) {
	w, err := sav.NewWriter(io.Discard, sav.Header{}, []sav.Variable{{Name: "n"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRow([]sav.Value{sav.Num(1)}); err == nil {
		t.Error("WriteRow after Close succeeded")
	}
	if err := w.Close(); err == nil {
		t.Error("second Close succeeded")
	}
}

// failWriter fails every write after the first n bytes.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, io.ErrShortWrite
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteErrorsSurface(t *testing.T) {
	for _, compressed := range []bool{false, true} {
		w, err := sav.NewWriter(&failWriter{n: 0}, sav.Header{Compression: compressed}, []sav.Variable{{Name: "n"}})
		if err != nil {
			t.Fatal(err) // the dictionary is still buffered
		}
		row := []sav.Value{sav.Num(1.5)}
		var werr error
		for i := 0; i < 100000 && werr == nil; i++ {
			werr = w.WriteRow(row)
		}
		cerr := w.Close()
		if werr == nil && cerr == nil {
			t.Errorf("compressed=%v: a failing writer produced no error", compressed)
		}
		for _, err := range []error{werr, cerr} {
			if err != nil && !strings.Contains(err.Error(), "short write") {
				t.Errorf("compressed=%v: error %q does not carry the cause", compressed, err)
			}
		}
	}
}

func TestToSPSSDate(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Skipf("no time zone data: %v", err)
	}
	tests := []struct {
		name string
		t    time.Time
		want float64
	}{
		{"SPSS epoch", time.Date(1582, 10, 14, 0, 0, 0, 0, time.UTC), 0},
		{"one day later", time.Date(1582, 10, 15, 0, 0, 0, 0, time.UTC), 86400},
		{"Unix epoch", time.Unix(0, 0).UTC(), 12219379200},
		{"with time and fraction", time.Date(1970, 1, 1, 1, 2, 3, 500_000_000, time.UTC), 12219379200 + 3723.5},
		{"wall clock of the zone", time.Date(1970, 1, 1, 0, 0, 0, 0, ams), 12219379200},
		{"summer time", time.Date(2026, 7, 1, 12, 0, 0, 0, ams), sav.ToSPSSDate(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sav.ToSPSSDate(tt.t); got != tt.want {
				t.Errorf("ToSPSSDate(%v) = %f, want %f", tt.t, got, tt.want)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want sav.Format
		err  string
	}{
		{"F8.2", sav.Format{Type: sav.FormatF, Width: 8, Decimals: 2}, ""},
		{"f3", sav.Format{Type: sav.FormatF, Width: 3}, ""},
		{" A255 ", sav.Format{Type: sav.FormatA, Width: 255}, ""},
		{"DATETIME20", sav.Format{Type: sav.FormatDATETIME, Width: 20}, ""},
		{"EDATE10", sav.Format{Type: sav.FormatEDATE, Width: 10}, ""},
		{"DATE11", sav.Format{Type: sav.FormatDATE, Width: 11}, ""},
		{"", sav.Format{}, "want a format name"},
		{"8.2", sav.Format{}, "want a format name"},
		{"FX8", sav.Format{}, `unknown format type "FX"`},
		{"F8.x", sav.Format{}, "bad number of decimals"},
		{"F8x", sav.Format{}, "bad width"},
	}
	for _, tt := range tests {
		got, err := sav.ParseFormat(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseFormat(%q) error = %v, want one mentioning %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if s := got.String(); !strings.EqualFold(s, strings.TrimSpace(tt.in)) {
			t.Errorf("Format.String() = %q, want %q", s, tt.in)
		}
	}
}

// TestGolden pins the exact bytes of a small file, so that any change to
// the format shows up in review. Run with -update after checking the new
// output with PSPP.
func TestGolden(t *testing.T) {
	vars := []sav.Variable{
		{Name: "nummer", Label: "Nummer", Format: sav.Format{Type: sav.FormatF, Width: 4}},
		{Name: "antwoord_werkdruk", Label: "Werkdruk", Measure: sav.Ordinal, Format: sav.Format{Type: sav.FormatF, Width: 2},
			ValueLabels: []sav.ValueLabel{{Value: sav.Num(1), Label: "laag"}, {Value: sav.Num(8), Label: "weet ik niet"}},
			Missing:     []sav.Value{sav.Num(8)}},
		{Name: "naam", Type: sav.String(12), Label: "Naam (é ĳ)"},
		{Name: "datum", Format: sav.Format{Type: sav.FormatDATE, Width: 11}},
	}
	rows := [][]sav.Value{
		{sav.Num(1), sav.Num(1), sav.Str("Ĳsbrand"), sav.Num(sav.ToSPSSDate(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)))},
		{sav.Num(2), sav.Num(8), sav.Str(""), sav.SysMis()},
		{sav.Num(1e6), sav.Num(-100), sav.Str("12345678abcd"), sav.Num(0.5)},
	}
	for _, compressed := range []bool{false, true} {
		name := "small.sav"
		if compressed {
			name = "small_compressed.sav"
		}
		var buf bytes.Buffer
		w, err := sav.NewWriter(&buf, sav.Header{Label: "golden", Created: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC), Compression: compressed}, vars)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.WriteRow(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: output differs from the golden file (%d bytes, want %d); run with -update if the change is intended", name, buf.Len(), len(want))
		}
		if got := int32(binary.LittleEndian.Uint32(buf.Bytes()[80:])); got != -1 {
			t.Errorf("%s: a bytes.Buffer cannot be patched, so the case count must stay -1, got %d", name, got)
		}
	}
}

// TestCompressionIsSmaller checks that compression takes small integers,
// blanks and system-missing down to one byte each.
func TestCompressionIsSmaller(t *testing.T) {
	vars := []sav.Variable{{Name: "a"}, {Name: "b"}, {Name: "c", Type: sav.String(16)}, {Name: "d"}}
	size := func(compressed bool) int {
		var buf bytes.Buffer
		w, err := sav.NewWriter(&buf, sav.Header{Compression: compressed}, vars)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 800; i++ {
			if err := w.WriteRow([]sav.Value{sav.Num(float64(i % 5)), sav.SysMis(), sav.Str(""), sav.Num(-99)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Len()
	}
	dict := dictionarySize(t, vars)
	plain, packed := size(false)-dict, size(true)-dict
	if plain != 800*5*8 {
		t.Errorf("uncompressed data is %d bytes, want %d", plain, 800*5*8)
	}
	if packed != 800*5 {
		t.Errorf("compressed data is %d bytes, want %d (one command byte per value)", packed, 800*5)
	}
}

// BenchmarkWriteRows writes 45,000 rows of 40 numeric variables, the size
// of a large peil export, to io.Discard.
func BenchmarkWriteRows(b *testing.B) {
	const rows, cols = 45000, 40
	vars := make([]sav.Variable, cols)
	for i := range vars {
		vars[i] = sav.Variable{Name: "v" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('0'+i/26)),
			ValueLabels: []sav.ValueLabel{{Value: sav.Num(8), Label: "weet ik niet"}}, Missing: []sav.Value{sav.Num(8), sav.Num(9)}}
	}
	row := make([]sav.Value, cols)
	for _, compressed := range []bool{false, true} {
		name := "uncompressed"
		if compressed {
			name = "compressed"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(rows * cols * 8)
			b.ReportAllocs()
			for b.Loop() {
				w, err := sav.NewWriter(io.Discard, sav.Header{Compression: compressed}, vars)
				if err != nil {
					b.Fatal(err)
				}
				for r := 0; r < rows; r++ {
					for c := range row {
						switch {
						case (r+c)%11 == 0:
							row[c] = sav.SysMis()
						case c%4 == 0:
							row[c] = sav.Num(float64(r) + 0.25)
						default:
							row[c] = sav.Num(float64(1 + (r+c)%5))
						}
					}
					if err := w.WriteRow(row); err != nil {
						b.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWriteRowDoesNotAllocate proves that memory stays flat however many
// rows are written: a row costs no allocation, compressed or not.
func TestWriteRowDoesNotAllocate(t *testing.T) {
	vars := []sav.Variable{{Name: "n"}, {Name: "s", Type: sav.String(600)}, {Name: "d", Format: sav.Format{Type: sav.FormatDATE, Width: 11}}}
	row := []sav.Value{sav.Num(3), sav.Str(strings.Repeat("ĳ", 250)), sav.Num(1.5e10)}
	for _, compressed := range []bool{false, true} {
		w, err := sav.NewWriter(io.Discard, sav.Header{Compression: compressed}, vars)
		if err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(1000, func() {
			if err := w.WriteRow(row); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("compressed=%v: WriteRow allocates %.1f times per row, want 0", compressed, allocs)
		}
	}
}
