package dta_test

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"peil/export/dta"
)

func TestNewWriterRejects(t *testing.T) {
	tests := []struct {
		name string
		vars []dta.Variable
		sets []dta.LabelSet
		want []string
	}{
		{"no variables", nil, nil, []string{"no variables"}},
		{"bad names", []dta.Variable{{Name: "1q", Type: dta.Byte}, {Name: "if", Type: dta.Byte}, {Name: "str12", Type: dta.Byte}, {Name: "é", Type: dta.Byte}, {Name: strings.Repeat("a", 33), Type: dta.Byte}},
			nil, []string{`"1q"`, `"if" is reserved`, `"str12" is reserved`, `'é' is not allowed`, "33 characters"}},
		{"duplicate", []dta.Variable{{Name: "a", Type: dta.Byte}, {Name: "a", Type: dta.Byte}}, nil, []string{`"a" appears twice`}},
		{"unknown label", []dta.Variable{{Name: "a", Type: dta.Byte, ValueLabel: "x"}}, nil, []string{`value label "x" is not defined`}},
		{"labelled string", []dta.Variable{{Name: "a", Type: dta.StrN(3), ValueLabel: "x"}}, []dta.LabelSet{{Name: "x"}}, []string{"string variables cannot have value labels"}},
		{"bad label values", []dta.Variable{{Name: "a", Type: dta.Byte}}, []dta.LabelSet{{Name: "x", Labels: []dta.ValueLabel{
			{Value: dta.Num(1.5), Label: "half"}, {Value: dta.Num(1), Label: "one"}, {Value: dta.Num(1), Label: "een"}, {Value: dta.Str("s"), Label: "s"}}}},
			[]string{"whole numbers", "more than one label", `not the string "s"`}},
		{"bad type", []dta.Variable{{Name: "a", Type: dta.Type(3000)}}, nil, []string{"unknown type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dta.NewWriter(&bytes.Buffer{}, dta.Header{}, tt.vars, tt.sets)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestWriteRowRejects(t *testing.T) {
	vars := []dta.Variable{{Name: "b", Type: dta.Byte}, {Name: "s", Type: dta.StrN(2)}}
	w, err := dta.NewWriter(&bytes.Buffer{}, dta.Header{N: 1}, vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]dta.Value{
		{dta.Num(101), dta.Str("")},       // beyond a byte
		{dta.Num(1.5), dta.Str("")},       // not whole
		{dta.Str("x"), dta.Str("")},       // string for a number
		{dta.Num(1), dta.Num(1)},          // number for a string
		{dta.Num(1), dta.Str("abc")},      // too wide
		{dta.Num(1)},                      // too short
		{dta.Num(1), dta.Missing('a')},    // extended missing string
		{dta.Missing('!'), dta.Str("ok")}, // no such missing value
	} {
		if err := w.WriteRow(row); err == nil {
			t.Errorf("row %v accepted", row)
		}
	}
	if err := w.WriteRow([]dta.Value{dta.Num(100), dta.Str("ok")}); err != nil {
		t.Fatalf("good row after bad ones: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil {
		t.Error("second Close accepted")
	}
}

// TestStreamNeedsExactCount: on a stream (no seeking) the announced number
// of observations cannot be corrected, so a different count is an error,
// and strLs, which need the map corrected, are refused.
func TestStreamNeedsExactCount(t *testing.T) {
	vars := []dta.Variable{{Name: "b", Type: dta.Byte}}
	w, err := dta.NewWriter(&bytes.Buffer{}, dta.Header{N: 2}, vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRow([]dta.Value{dta.Num(1)}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err == nil || !strings.Contains(err.Error(), "1 observations written, but 2") {
		t.Errorf("Close = %v, want a count mismatch", err)
	}
	if _, err := dta.NewWriter(&bytes.Buffer{}, dta.Header{}, []dta.Variable{{Name: "s", Type: dta.StrL}}, nil); err == nil {
		t.Error("strL on a stream accepted")
	}
}

// TestLayout checks the bytes of a small file against the format: header
// fields, the map's last entry (the file size) and the missing-value codes.
func TestLayout(t *testing.T) {
	var buf bytes.Buffer
	vars := []dta.Variable{{Name: "b", Type: dta.Byte}, {Name: "d", Type: dta.Double}}
	w, err := dta.NewWriter(&buf, dta.Header{Label: "x", N: 1, Timestamp: time.Date(2026, 3, 4, 9, 30, 0, 0, time.UTC)}, vars, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRow([]dta.Value{dta.Missing('a'), dta.Missing('b')}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("<stata_dta><header><release>118</release><byteorder>LSF</byteorder><K>\x02\x00</K><N>\x01\x00\x00\x00\x00\x00\x00\x00</N><label>\x01\x00x</label><timestamp>\x1104 Mar 2026 09:30</timestamp></header><map>")) {
		t.Errorf("header: %q", b[:160])
	}
	m := bytes.Index(b, []byte("<map>")) + 5
	if end := binary.LittleEndian.Uint64(b[m+13*8:]); end != uint64(len(b)) {
		t.Errorf("map says the file ends at %d, it is %d bytes", end, len(b))
	}
	data := bytes.Index(b, []byte("<data>")) + 6
	if got, want := b[data:data+9], []byte{102, 0, 0, 0, 0, 0, 0x02, 0xe0, 0x7f}; !bytes.Equal(got, want) {
		t.Errorf("data = % x, want % x (.a as byte, .b as double)", got, want)
	}
}
