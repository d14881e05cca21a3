package storage_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"peil/answerpack"
	"peil/pack"
	"peil/storage"
	"peil/storetest"
	"peil/survey"
)

// nationalMerge is a researcher's database with a study of 500 schools in
// 50 workplaces and a round of a 40-item instrument (base, a file to copy
// for every run), and the responses of 100 respondents per school.
type nationalMerge struct {
	base    string
	defs    survey.Definitions
	schools [][]survey.ResponseRecord // per school
}

const mergeSchools, mergePerSchool, mergeItems = 500, 100, 40

func newNationalMerge(b *testing.B) *nationalMerge {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	hq := openAt(b, filepath.Join(dir, "hq.db"))
	in := storetest.BenchInstrument(mergeItems)
	check(b, hq.SaveInstrument(ctx, in))
	study, err := hq.CreateStudy(ctx, survey.Study{Code: "ontwikkelkracht", Title: "Ontwikkelkracht"})
	check(b, err)
	defs := survey.Definitions{Study: study, Instruments: []*survey.Instrument{in}}
	for w := range 50 {
		wp, err := hq.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: fmt.Sprintf("W%02d", w), Name: "Werkplaats"})
		check(b, err)
		defs.Workplaces = append(defs.Workplaces, wp)
		for s := range mergeSchools / 50 {
			sc, err := hq.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: fmt.Sprintf("W%02d-%02d", w, s), Name: "School"})
			check(b, err)
			defs.Schools = append(defs.Schools, sc)
		}
	}
	round, err := hq.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "2026", InstrumentID: in.ID, InstrumentVersion: 1})
	check(b, err)
	defs.Rounds = []survey.Round{round}
	nm := &nationalMerge{base: filepath.Join(dir, "base.db"), defs: defs}
	check(b, hq.Backup(ctx, nm.base))
	for i, sc := range defs.Schools {
		device := uuid.NewString()
		var recs []survey.ResponseRecord
		for n := range mergePerSchool {
			recs = append(recs, storetest.BenchResponse(round, sc, i, n, mergeItems, device, T))
		}
		nm.schools = append(nm.schools, recs)
	}
	return nm
}

// packages writes the responses as data packages: one per school, or one
// for all schools.
func (nm *nationalMerge) packages(b *testing.B, one bool) [][]byte {
	b.Helper()
	var out [][]byte
	var buf bytes.Buffer
	var w *pack.Writer
	for i, sc := range nm.defs.Schools {
		if w == nil {
			// A package carries the definitions its responses need.
			d := nm.defs
			if !one {
				d.Schools = []survey.School{sc}
				d.Workplaces = []survey.Workplace{nm.defs.Workplaces[i/(mergeSchools/50)]}
			}
			var err error
			buf = bytes.Buffer{}
			w, err = pack.NewWriter(&buf, pack.Header{DeviceID: nm.schools[i][0].Response.DeviceID, CreatedAt: T}, d)
			check(b, err)
		}
		for _, rec := range nm.schools[i] {
			check(b, w.Add(rec))
		}
		if !one || i == len(nm.defs.Schools)-1 {
			_, err := w.Close()
			check(b, err)
			out = append(out, bytes.Clone(buf.Bytes()))
			w = nil
		}
	}
	return out
}

// copyBase returns a new copy of the base database.
func (nm *nationalMerge) copyBase(b *testing.B, name string) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	c := openAt(b, nm.base)
	check(b, c.Backup(context.Background(), path))
	check(b, c.Close())
	return path
}

// BenchmarkMergeNational merges 500 data packages of 100 responses (40
// answers each), one per school of the national study, into a researcher's
// database: every package is read, checked and merged in its own
// transaction. Run with -benchtime=1x; docs/packages.md has the figures.
func BenchmarkMergeNational(b *testing.B) {
	nm := newNationalMerge(b)
	packages := nm.packages(b, false)
	total := 0
	for _, p := range packages {
		total += len(p)
	}
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s := openAt(b, nm.copyBase(b, fmt.Sprintf("run-%d.db", i)))
		b.StartTimer()
		added := 0
		for _, p := range packages {
			res, err := mergePackage(s, p)
			check(b, err)
			added += res.Added
		}
		if added != mergeSchools*mergePerSchool {
			b.Fatalf("added %d responses, want %d", added, mergeSchools*mergePerSchool)
		}
		b.StopTimer()
		again, err := mergePackage(s, packages[0])
		check(b, err)
		if again.Added != 0 || again.Duplicates != mergePerSchool {
			b.Fatalf("second import: %+v", again)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total)/mergeSchools/1024, "KiB/package")
}

// BenchmarkImportFloor is the fifth and sixth lines of
// docs/performance.md: `peil package import` of 50,000 responses (40
// answers each) as one package ("one-package") and as 500 school packages
// ("500-packages"), against the raw-insert floor measured in the same run
// on its own copy of the same database: the same rows (responses, their
// answers and packed answers, made before the clock starts) inserted into
// peil's own tables, on a connection with peil's settings, with one
// prepared single-row statement per table, in one transaction, or in 500. It reports
// the ratio (x, goal <= 1.5; cpu-x, the same in processor time, which a
// busy machine disturbs less), peil's allocations per 50,000 responses, and
// what reading the packages alone takes (read-ms: pack's gzip, JSON and
// checksums, without storing anything).
func BenchmarkImportFloor(b *testing.B) {
	nm := newNationalMerge(b)
	for _, one := range []bool{true, false} {
		name := "500-packages"
		if one {
			name = "one-package"
		}
		b.Run(name, func(b *testing.B) {
			packages := nm.packages(b, one)
			var peilT, floorT, readT, peilCPU, floorCPU []time.Duration
			var allocs uint64
			for i := 0; b.Loop(); i++ {
				s := openAt(b, nm.copyBase(b, fmt.Sprintf("peil-%d.db", i)))
				runtimeAllocs := allocated()
				t0, c0 := time.Now(), cpuTime()
				for _, p := range packages {
					_, err := mergePackage(s, p)
					check(b, err)
				}
				peilT, peilCPU = append(peilT, time.Since(t0)), append(peilCPU, cpuTime()-c0)
				allocs = allocated() - runtimeAllocs
				check(b, s.Close())

				t0 = time.Now()
				for _, p := range packages {
					r, err := pack.NewReader(bytes.NewReader(p))
					check(b, err)
					for _, err := range r.Records() {
						check(b, err)
					}
				}
				readT = append(readT, time.Since(t0))

				wall, cpu := rawInsert(b, nm, nm.copyBase(b, fmt.Sprintf("floor-%d.db", i)), one)
				floorT, floorCPU = append(floorT, wall), append(floorCPU, cpu)
			}
			p, f := median(peilT), median(floorT)
			b.ReportMetric(float64(p.Milliseconds()), "peil-ms")
			b.ReportMetric(float64(f.Milliseconds()), "floor-ms")
			b.ReportMetric(float64(median(readT).Milliseconds()), "read-ms")
			b.ReportMetric(float64(allocs)/1e6, "MB-alloc")
			b.ReportMetric(float64(p)/float64(f), "x")
			if c := median(floorCPU); c > 0 {
				b.ReportMetric(float64(median(peilCPU))/float64(c), "cpu-x")
			}
		})
	}
}

// rawInsert inserts nm's responses into the database at path as plain
// rows, in one transaction or one per school, and returns the time it
// took (by the clock and in processor time): the floor of an import. The
// rows are made before the clocks start.
func rawInsert(b *testing.B, nm *nationalMerge, path string, one bool) (wall, cpu time.Duration) {
	b.Helper()
	ctx := context.Background()
	type row struct {
		resp    []any
		answers [][]any
		packed  []byte
	}
	rows := make([][]row, len(nm.schools))
	for i, recs := range nm.schools {
		for _, rec := range recs {
			r := rec.Response
			rw := row{resp: []any{r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status), r.InstrumentID,
				r.InstrumentVersion, r.StartedAt.UnixNano(), r.FinishedAt.UnixNano(), r.DeviceID, r.FinishedAt.UnixNano()}}
			sorted := slices.Clone(rec.Answers)
			slices.SortFunc(sorted, func(a, b survey.Answer) int { return strings.Compare(a.ItemID, b.ItemID) })
			for _, a := range sorted {
				var number, choices, text any
				if !a.Value.DontKnow {
					number = a.Value.Number
				}
				dk := 0
				if a.Value.DontKnow {
					dk = 1
				}
				rw.answers = append(rw.answers, []any{nil, a.ItemID, number, choices, text, dk, a.AnsweredAt.UnixNano()})
			}
			rw.packed = answerpack.Append(nil, sorted)
			rows[i] = append(rows[i], rw)
		}
	}
	db, err := sql.Open("sqlite", floorDSN(path))
	check(b, err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	t0, c0 := time.Now(), cpuTime()
	var tx *sql.Tx
	var insResp, insAns, insPacked *sql.Stmt
	begin := func() {
		var err error
		tx, err = db.BeginTx(ctx, nil)
		check(b, err)
		insResp, err = tx.PrepareContext(ctx, `INSERT INTO responses (id, round_id, school_id, respondent_code, role, status,
			instrument_id, instrument_version, started_at, finished_at, device_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		check(b, err)
		insAns, err = tx.PrepareContext(ctx, `INSERT INTO answers (response_nr, item_id, number, choices, text, dont_know, answered_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`)
		check(b, err)
		insPacked, err = tx.PrepareContext(ctx, `INSERT INTO packed_answers (response_nr, data) VALUES (?, ?)`)
		check(b, err)
	}
	begin()
	for i, school := range rows {
		for _, rw := range school {
			res, err := insResp.ExecContext(ctx, rw.resp...)
			check(b, err)
			nr, err := res.LastInsertId()
			check(b, err)
			for _, a := range rw.answers {
				a[0] = nr
				_, err := insAns.ExecContext(ctx, a...)
				check(b, err)
			}
			_, err = insPacked.ExecContext(ctx, nr, rw.packed)
			check(b, err)
		}
		if !one || i == len(rows)-1 {
			check(b, tx.Commit())
			if i < len(rows)-1 {
				begin()
			}
		}
	}
	return time.Since(t0), cpuTime() - c0
}

// floorDSN is the connection string of the floor: the settings of peil's
// own connections (storage.DSN), written out so that the floor stays the
// same when they change and figures of older versions compare.
func floorDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&mode=rw&_txlock=immediate" +
		"&_pragma=synchronous(FULL)&_pragma=journal_mode(WAL)&_pragma=temp_store(MEMORY)"
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// The floor of the import benchmarks runs with peil's own connection
// settings: a change to them must be made in floorDSN too (and said in
// docs/performance.md, since it moves the floor).
func TestFloorDSNIsPeils(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	_, peil, _ := strings.Cut(storage.DSN(path), "?")
	_, floor, _ := strings.Cut(floorDSN(path), "?")
	if peil != floor {
		t.Errorf("the floor's settings %q are not peil's %q", floor, peil)
	}
}
