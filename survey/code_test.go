package survey_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"peil/survey"
)

const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

var displayCode = regexp.MustCompile(`^[` + codeAlphabet + `]{4}-[` + codeAlphabet + `]{3}$`)

// sampleCodes returns n codes from a seeded source, the same on every run.
func sampleCodes(t *testing.T, n int) []string {
	t.Helper()
	rnd := rand.NewChaCha8([32]byte{'p', 'e', 'i', 'l'})
	codes := make([]string, n)
	for i := range codes {
		c, err := survey.NewRespondentCode(rnd)
		if err != nil {
			t.Fatal(err)
		}
		codes[i] = c
	}
	return codes
}

func TestNewRespondentCodeParses(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range sampleCodes(t, 2000) {
		if !displayCode.MatchString(c) {
			t.Errorf("code %q is not in display form XXXX-XXX", c)
		}
		got, err := survey.ParseRespondentCode(c)
		if err != nil || got != c {
			t.Errorf("ParseRespondentCode(%q) = %q, %v", c, got, err)
		}
		seen[c] = true
	}
	if len(seen) < 1990 {
		t.Errorf("only %d distinct codes of 2000", len(seen))
	}
}

// Every single mistyped character and every swap of two neighbouring
// characters must be caught, for every code: the check character is what
// lets a respondent who mistypes their code get a warning instead of a
// new, unlinked pseudonym.
func TestRespondentCodeCatchesTypos(t *testing.T) {
	for _, c := range sampleCodes(t, 1500) {
		norm := strings.ReplaceAll(c, "-", "")
		for i := range len(norm) {
			for _, r := range codeAlphabet {
				if byte(r) == norm[i] {
					continue
				}
				typo := norm[:i] + string(r) + norm[i+1:]
				if _, err := survey.ParseRespondentCode(typo); err == nil {
					t.Errorf("code %s: typo %s (position %d) accepted", c, typo, i+1)
				}
			}
		}
		for i := range len(norm) - 1 {
			if norm[i] == norm[i+1] {
				continue
			}
			swapped := norm[:i] + string(norm[i+1]) + string(norm[i]) + norm[i+2:]
			if _, err := survey.ParseRespondentCode(swapped); err == nil {
				t.Errorf("code %s: swap %s (positions %d,%d) accepted", c, swapped, i+1, i+2)
			}
		}
	}
}

// Every pair of characters, swapped at every pair of neighbouring places,
// around a fixed code: the sample above may not hold every pair.
func TestRespondentCodeCatchesEverySwap(t *testing.T) {
	base := []byte("K7MQ4X")
	for i := range len(base) - 1 {
		for _, a := range []byte(codeAlphabet) {
			for _, b := range []byte(codeAlphabet) {
				if a == b {
					continue
				}
				data := append([]byte(nil), base...)
				data[i], data[i+1] = a, b
				code, ok := withCheck(string(data))
				if !ok {
					t.Fatalf("no check character makes %s valid", data)
				}
				swapped := []byte(code)
				swapped[i], swapped[i+1] = b, a
				if _, err := survey.ParseRespondentCode(string(swapped)); err == nil {
					t.Errorf("code %s: swap %s accepted", code, swapped)
				}
			}
		}
	}
}

// withCheck finds the check character that makes data a valid code.
func withCheck(data string) (string, bool) {
	for _, c := range codeAlphabet {
		if _, err := survey.ParseRespondentCode(data + string(c)); err == nil {
			return data + string(c), true
		}
	}
	return "", false
}

func TestParseRespondentCodeNormalises(t *testing.T) {
	code := sampleCodes(t, 1)[0]
	norm := strings.ReplaceAll(code, "-", "")
	inputs := []string{
		code,
		norm,
		strings.ToLower(code),
		strings.ToLower(norm),
		" " + norm[:4] + " " + norm[4:] + " ",
		norm[:2] + "-" + norm[2:4] + "--" + norm[4:],
		norm[:3] + "." + norm[3:],
		strings.Join(strings.Split(norm, ""), " "),
	}
	for _, in := range inputs {
		got, err := survey.ParseRespondentCode(in)
		if err != nil || got != code {
			t.Errorf("ParseRespondentCode(%q) = %q, %v; want %q", in, got, err, code)
		}
	}
}

func TestParseRespondentCodeErrors(t *testing.T) {
	code := strings.ReplaceAll(sampleCodes(t, 1)[0], "-", "")
	const (
		alphabet = "A code never contains"
		length   = "A code has 7 characters"
		check    = "This code is not valid"
	)
	tests := []struct {
		in, want string
	}{
		{"", length},
		{"   - ", length},
		{code[:6], length},
		{code + "2", length},
		{"0" + code[1:], alphabet + ` '0'`},
		{"o" + code[1:], alphabet + ` 'O'`},
		{code[:3] + "1" + code[4:], alphabet + ` '1'`},
		{code[:3] + "i" + code[4:], alphabet + ` 'I'`},
		{code[:3] + "l" + code[4:], alphabet + ` 'L'`},
		{code[:6] + "é", alphabet + ` 'É'`},
		{code[:2] + "_" + code[2:], alphabet + ` '_'`},
		{code[:2] + "\t" + code[2:], alphabet + ` '\t'`},
	}
	for _, tt := range tests {
		_, err := survey.ParseRespondentCode(tt.in)
		var ve *survey.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("ParseRespondentCode(%q) = %v, want a *ValidationError", tt.in, err)
			continue
		}
		if !strings.Contains(ve.Msg.Get(survey.English), tt.want) {
			t.Errorf("ParseRespondentCode(%q) = %q, want %q", tt.in, ve.Msg.Get(survey.English), tt.want)
		}
		if ve.Msg.Get(survey.Dutch) == ve.Msg.Get(survey.English) {
			t.Errorf("ParseRespondentCode(%q): no Dutch message", tt.in)
		}
	}
	// A wrong check character is reported as a typo.
	wrong := code[:6] + string(codeAlphabet[(strings.IndexByte(codeAlphabet, code[6])+1)%len(codeAlphabet)])
	if _, err := survey.ParseRespondentCode(wrong); err == nil || !strings.Contains(err.Error(), check) {
		t.Errorf("ParseRespondentCode(%q) = %v, want %q", wrong, err, check)
	}
}

// Bytes that would make some characters likelier than others are skipped,
// and the code is made from the bytes that remain.
func TestNewRespondentCodeUsesUnbiasedBytes(t *testing.T) {
	// 248 and above would favour the first 8 characters; 31 and 62 are
	// the character at index 0, '2'; 30 is 'Z'.
	in := []byte{255, 248, 31, 0, 62, 254, 30, 1, 2, 3, 0, 0, 0}
	c, err := survey.NewRespondentCode(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c, "222Z-34") {
		t.Errorf("code from %v = %q, want 222Z-34?", in, c)
	}
	if _, err := survey.ParseRespondentCode(c); err != nil {
		t.Errorf("generated code %s does not parse: %v", c, err)
	}
}

func TestNewRespondentCodeReadError(t *testing.T) {
	_, err := survey.NewRespondentCode(bytes.NewReader([]byte{1, 2}))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("NewRespondentCode from a short reader: %v, want it to wrap io.ErrUnexpectedEOF", err)
	}
	_, err = survey.NewRespondentCode(bytes.NewReader(nil))
	if !errors.Is(err, io.EOF) {
		t.Errorf("NewRespondentCode from an empty reader: %v, want it to wrap io.EOF", err)
	}
}

func TestFormatCode(t *testing.T) {
	for in, want := range map[string]string{"K7MQ4XA": "K7MQ-4XA", "K7MQ": "K7MQ", "": ""} {
		if got := survey.FormatCode(in); got != want {
			t.Errorf("FormatCode(%q) = %q, want %q", in, got, want)
		}
	}
}
