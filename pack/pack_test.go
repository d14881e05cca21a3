package pack_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"peil/pack"
	"peil/survey"
)

var t0 = time.Date(2025, 10, 6, 9, 0, 0, 0, time.UTC)

func defs() survey.Definitions {
	return survey.Definitions{
		Study:       survey.Study{ID: "study-1", Code: "monitor-po", Title: "Monitor", MinGroupSize: 5, CreatedAt: t0},
		Workplaces:  []survey.Workplace{{ID: "wp-1", StudyID: "study-1", Code: "WOA", Name: "Werkplaats"}},
		Schools:     []survey.School{{ID: "sc-1", WorkplaceID: "wp-1", Code: "WOA-01", Name: "De Regenboog"}},
		Rounds:      []survey.Round{{ID: "rd-1", StudyID: "study-1", Name: "2025", InstrumentID: "i", InstrumentVersion: 1, CreatedAt: t0}},
		Instruments: []*survey.Instrument{{ID: "i", Version: 1, Sections: []survey.Section{{ID: "a", Items: []survey.Item{{ID: "q1", Type: survey.Likert}}}}}},
	}
}

func records(n int) []survey.ResponseRecord {
	var out []survey.ResponseRecord
	for i := range n {
		r := survey.ResponseRecord{Response: survey.Response{
			ID: fmt.Sprintf("resp-%04d", i), RoundID: "rd-1", SchoolID: "sc-1", RespondentCode: fmt.Sprintf("C%04d", i),
			Role: survey.RoleTeacher, Status: survey.InProgress, InstrumentID: "i", InstrumentVersion: 1,
			StartedAt: t0.Add(time.Duration(i) * time.Minute), DeviceID: "dev-1",
		}}
		if i%2 == 0 {
			r.Response.Status, r.Response.FinishedAt = survey.Complete, r.Response.StartedAt.Add(5*time.Minute)
		}
		r.Answers = []survey.Answer{
			{ItemID: "q1", Value: survey.Num(1 + i%5), AnsweredAt: r.Response.StartedAt.Add(time.Minute)},
			{ItemID: "q2", Value: survey.ChoicesValue(1, 3), AnsweredAt: r.Response.StartedAt.Add(2 * time.Minute)},
			{ItemID: "q3", Value: survey.TextValue("héél goed"), AnsweredAt: r.Response.StartedAt.Add(3 * time.Minute)},
			{ItemID: "q4", Value: survey.DontKnowValue(), AnsweredAt: r.Response.StartedAt.Add(4 * time.Minute)},
			{ItemID: "q5", Value: survey.Num(0), AnsweredAt: r.Response.StartedAt.Add(4 * time.Minute)},
		}
		out = append(out, r)
	}
	return out
}

func write(t testing.TB, recs []survey.ResponseRecord, opts ...pack.Option) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := pack.NewWriter(&buf, pack.Header{DeviceID: "dev-1", CreatedAt: t0}, defs(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := w.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reads a package to the end and returns its records, or the
// first error.
func readAll(b []byte, ids ...age.Identity) (*pack.Reader, []survey.ResponseRecord, error) {
	r, err := pack.NewReader(bytes.NewReader(b), ids...)
	if err != nil {
		return nil, nil, err
	}
	var out []survey.ResponseRecord
	for rec, err := range r.Records() {
		if err != nil {
			return r, out, err
		}
		out = append(out, rec)
	}
	return r, out, nil
}

func TestRoundTrip(t *testing.T) {
	key, err := pack.GenerateKey(t0)
	if err != nil {
		t.Fatal(err)
	}
	rcp, err := pack.ParseRecipient(key.Public)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pack.ParseIdentities(bytes.NewReader(key.File))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		n    int
		opts []pack.Option
		ids  []age.Identity
	}{
		{"empty", 0, nil, nil},
		{"one chunk", 7, nil, nil},
		{"several chunks", 1201, nil, nil},
		{"encrypted", 1201, []pack.Option{pack.EncryptTo(rcp)}, ids},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := records(tc.n)
			b := write(t, want, tc.opts...)
			r, got, err := readAll(b, tc.ids...)
			if err != nil {
				t.Fatal(err)
			}
			if r.Header.DeviceID != "dev-1" || r.Definitions.Study.Code != "monitor-po" || len(r.Definitions.Instruments) != 1 {
				t.Errorf("header %+v, definitions %+v", r.Header, r.Definitions)
			}
			if len(got) != len(want) {
				t.Fatalf("read %d records, wrote %d", len(got), len(want))
			}
			for i := range want {
				if !recordsEqual(got[i], want[i]) {
					t.Fatalf("record %d:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
			m, ok := r.Manifest()
			if !ok || m.Responses != tc.n || m.Answers != 5*tc.n || m.Schools["sc-1"] != tc.n {
				t.Errorf("manifest %+v, %v", m, ok)
			}
		})
	}
}

func recordsEqual(a, b survey.ResponseRecord) bool {
	if a.Response != b.Response || len(a.Answers) != len(b.Answers) {
		return false
	}
	for i := range a.Answers {
		x, y := a.Answers[i], b.Answers[i]
		if x.ItemID != y.ItemID || !x.Value.Equal(y.Value) || !x.AnsweredAt.Equal(y.AnsweredAt) {
			return false
		}
	}
	return true
}

func TestEncryptedRevealsNothing(t *testing.T) {
	key, _ := pack.GenerateKey(t0)
	rcp, _ := pack.ParseRecipient(key.Public)
	b := write(t, records(3), pack.EncryptTo(rcp))
	for _, secret := range []string{"monitor-po", "C0001", "manifest", "WOA", "dev-1", "responses"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Errorf("the encrypted package shows %q", secret)
		}
	}
	if _, _, err := readAll(b); !errors.Is(err, pack.ErrEncrypted) {
		t.Errorf("no key: %v, want ErrEncrypted", err)
	}
	other, _ := pack.GenerateKey(t0)
	ids, _ := pack.ParseIdentities(bytes.NewReader(other.File))
	if _, _, err := readAll(b, ids...); !errors.Is(err, pack.ErrWrongKey) {
		t.Errorf("wrong key: %v, want ErrWrongKey", err)
	}
}

func TestBrokenPackages(t *testing.T) {
	key, _ := pack.GenerateKey(t0)
	rcp, _ := pack.ParseRecipient(key.Public)
	ids, _ := pack.ParseIdentities(bytes.NewReader(key.File))
	for _, enc := range []bool{false, true} {
		var opts []pack.Option
		if enc {
			opts = append(opts, pack.EncryptTo(rcp))
		}
		good := write(t, records(600), opts...)
		// Every cut and every flipped byte at many positions must fail.
		for _, at := range positions(len(good)) {
			t.Run(fmt.Sprintf("enc=%v/cut at %d", enc, at), func(t *testing.T) {
				_, _, err := readAll(good[:at], ids...)
				if err == nil {
					t.Fatal("a cut-short package was read without an error")
				}
				if !errors.Is(err, pack.ErrTruncated) && !errors.Is(err, pack.ErrDamaged) {
					t.Errorf("error %v is neither ErrTruncated nor ErrDamaged", err)
				}
			})
			t.Run(fmt.Sprintf("enc=%v/flip at %d", enc, at), func(t *testing.T) {
				bad := bytes.Clone(good)
				bad[at] ^= 0x01
				_, _, err := readAll(bad, ids...)
				if err == nil {
					t.Fatal("a changed package was read without an error")
				}
			})
		}
	}
}

// positions returns byte offsets spread over a file of n bytes.
func positions(n int) []int {
	var out []int
	for _, p := range []int{0, 1, 2, 10, 30, 100, 511, 512, 1000} {
		if p < n {
			out = append(out, p)
		}
	}
	for i := 1; i < 20; i++ {
		out = append(out, n*i/20)
	}
	return append(out, n-9, n-8, n-4, n-1)
}

// repack rewrites an unencrypted package, letting edit change each file.
func repack(t *testing.T, b []byte, edit func(name string, data []byte) []byte) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	gw := gzip.NewWriter(&out)
	tw := tar.NewWriter(gw)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		data = edit(h.Name, data)
		h.Size = int64(len(data))
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write(data)
	}
	tw.Close()
	gw.Close()
	return out.Bytes()
}

func TestTamperedContent(t *testing.T) {
	good := write(t, records(20))
	cases := []struct {
		name string
		edit func(name string, data []byte) []byte
		want string
	}{
		{"answer changed, manifest kept", func(name string, d []byte) []byte {
			if strings.HasPrefix(name, "responses/") {
				return bytes.Replace(d, []byte(`"n":3`), []byte(`"n":5`), 1)
			}
			return d
		}, "checksum of responses/000001.jsonl does not match"},
		{"manifest checksum changed", func(name string, d []byte) []byte {
			if name == "manifest.json" {
				var m pack.Manifest
				json.Unmarshal(d, &m)
				m.Files[1].SHA256 = strings.Repeat("0", 64)
				d, _ = json.Marshal(m)
			}
			return d
		}, "checksum of definitions.json does not match"},
		{"manifest count changed", func(name string, d []byte) []byte {
			if name == "manifest.json" {
				var m pack.Manifest
				json.Unmarshal(d, &m)
				m.Responses++
				d, _ = json.Marshal(m)
			}
			return d
		}, "the manifest counts 21 responses"},
		{"manifest missing", func(name string, d []byte) []byte {
			if name == "manifest.json" {
				return []byte("{")
			}
			return d
		}, "manifest.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readAll(repack(t, good, c.edit))
			if !errors.Is(err, pack.ErrDamaged) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want ErrDamaged mentioning %q", err, c.want)
			}
		})
	}
	// The unedited repack reads fine: the cases above fail for their edit.
	if _, _, err := readAll(repack(t, good, func(_ string, d []byte) []byte { return d })); err != nil {
		t.Errorf("repacked unchanged package: %v", err)
	}
}
