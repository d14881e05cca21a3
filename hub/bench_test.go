package hub_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"peil/backend"
	"peil/hub"
	"peil/pack"
	"peil/postgres/pgtest"
	"peil/survey"
)

// The load benchmark: loadLaptops laptops (PEIL_HUB_LAPTOPS, to see that
// memory stays flat as they grow), each with this many responses, sync at
// once, at most loadClients of them connected at a time.
const (
	defaultLoadLaptops = 500
	loadResponses      = 100
	loadClients        = 64
)

// floors measure the floor of the load benchmark for a store kind: the
// same rows written the plainest way the database offers, in as many
// transactions as the hub makes (one per laptop): prepared INSERTs on
// SQLite, COPY on PostgreSQL.
var floors = map[string]func(b *testing.B, dir string, defs survey.Definitions, pkgs [][]survey.ResponseRecord) time.Duration{
	"sqlite":   sqliteFloor,
	"postgres": postgresFloor,
}

// BenchmarkHubLoad: 500 simulated laptops x 100 responses (35 answers
// each) upload to a hub on loopback over TLS at once (64 connections at a
// time). Reported: the total time (ns/op), the 99th percentile of one
// upload (waiting for the merge queue included), the peak of the live heap
// above its start (hub and clients in one process; the clients' packages
// are made beforehand), and the floor: the same rows inserted
// raw into the same database kind, with the ratio.
//
//	go test ./hub -run XXX -bench HubLoad -benchtime 1x
//
// On PostgreSQL it runs with 1, 2, 4 and 8 writers (merges reaching the
// database at once); -bench 'HubLoad/postgres/writers=4' picks one.
func BenchmarkHubLoad(b *testing.B) {
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			counts := []int{1}
			if k.name == "postgres" {
				counts = []int{1, 2, 4, 8}
			}
			for _, w := range counts {
				b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) { benchLoad(b, k, w) })
			}
		})
	}
}

func benchLoad(b *testing.B, k storeKind, writers int) {
	ctx := context.Background()
	loadLaptops := defaultLoadLaptops
	if v := os.Getenv("PEIL_HUB_LAPTOPS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("PEIL_HUB_LAPTOPS=%q: want a number of laptops", v)
		}
		loadLaptops = n
	}
	var total, floor, imports time.Duration
	var p99 time.Duration
	var peak uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := newEnvWriters(b, k, writers)
		admin, _ := e.enrol(survey.RoleAdmin, "", "")
		defs := setupOf(b, admin)
		codes := []string{"WOA-01", "WOA-02", "POINT-01"}
		toks := map[string]hub.Token{}
		for _, sc := range codes {
			wp := sc[:len(sc)-3]
			toks[sc], _ = e.enrol(survey.RoleDevice, wp, sc)
		}
		items := e.likertItems(35)
		recs := make([][]survey.ResponseRecord, loadLaptops)
		bodies := make([][]byte, loadLaptops)
		t0 := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
		for l := range loadLaptops {
			sc := e.schools[codes[l%len(codes)]]
			dev := uuid.NewString()
			for r := range loadResponses {
				at := t0.Add(time.Duration(l*loadResponses+r) * time.Second)
				rec := survey.ResponseRecord{Response: survey.Response{ID: uuid.NewString(), RoundID: e.round.ID, SchoolID: sc.ID,
					RespondentCode: fmt.Sprintf("L%03d-%03d", l, r), Role: survey.RoleTeacher, Status: survey.Complete,
					InstrumentID: e.inst.ID, InstrumentVersion: e.inst.Version, StartedAt: at, FinishedAt: at.Add(10 * time.Minute), DeviceID: dev}}
				for j, it := range items {
					rec.Answers = append(rec.Answers, survey.Answer{ItemID: it, Value: survey.Value{Number: 1 + (l+r+j)%5}, AnsweredAt: at.Add(time.Duration(j) * time.Second)})
				}
				recs[l] = append(recs[l], rec)
			}
			var buf bytes.Buffer
			w, err := pack.NewWriter(&buf, pack.Header{DeviceID: dev}, defs)
			if err != nil {
				b.Fatal(err)
			}
			for _, rec := range recs[l] {
				if err := w.Add(rec); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := w.Close(); err != nil {
				b.Fatal(err)
			}
			bodies[l] = buf.Bytes()
		}
		runtime.GC()
		base := liveHeap()
		stop := make(chan struct{})
		var sampler sync.WaitGroup
		var high uint64
		sampler.Go(func() {
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			for {
				high = max(high, liveHeap())
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		})

		lat := make([]time.Duration, loadLaptops)
		sem := make(chan struct{}, loadClients)
		var wg sync.WaitGroup
		var mu sync.Mutex
		var failed []error
		b.StartTimer()
		start := time.Now()
		for l := range loadLaptops {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				c := hub.NewClient(toks[codes[l%len(codes)]])
				defer c.Close()
				t := time.Now()
				res, err := c.Upload(ctx, bodies[l])
				lat[l] = time.Since(t)
				if err == nil && res.Added != loadResponses {
					err = fmt.Errorf("laptop %d: %d added, want %d", l, res.Added, loadResponses)
				}
				if err != nil {
					mu.Lock()
					failed = append(failed, err)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		total += time.Since(start)
		b.StopTimer()
		close(stop)
		sampler.Wait()
		if len(failed) > 0 {
			b.Fatalf("%d uploads failed, the first: %v", len(failed), failed[0])
		}
		if n := len(records(b, e.st, e.study.ID)); n != loadLaptops*loadResponses {
			b.Fatalf("the hub has %d responses, want %d", n, loadLaptops*loadResponses)
		}
		slices.Sort(lat)
		p99 += lat[len(lat)*99/100]
		peak = max(peak, high-base)
		e.stop()
		if f := floors[k.name]; f != nil {
			floor += f(b, b.TempDir(), defs, recs)
		}
		imports += importAll(b, k, bodies)
	}
	b.ReportMetric(float64(p99.Milliseconds())/float64(b.N), "p99-upload-ms")
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
	b.ReportMetric(total.Seconds()/float64(b.N), "hub-s")
	b.ReportMetric(imports.Seconds()/float64(b.N), "import-s")
	if floor > 0 {
		b.ReportMetric(floor.Seconds()/float64(b.N), "floor-s")
		b.ReportMetric(total.Seconds()/floor.Seconds(), "x-floor")
	}
}

// importAll merges the packages into a new hub database the way a stick
// does (backend.ImportPackage, one after the other, no network): the share
// of the hub's time that is the merge itself.
func importAll(b *testing.B, k storeKind, bodies [][]byte) time.Duration {
	b.Helper()
	// A new, empty database: the first package brings the definitions.
	be := backend.New(k.open(b, b.TempDir(), "import"))
	start := time.Now()
	for _, body := range bodies {
		if _, _, err := be.ImportPackage(context.Background(), bytes.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// liveHeap is the heap that the last garbage collection found live: the
// memory the process needs, without the garbage the collector allows
// before it runs again.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// setupOf fetches the hub's definitions with an admin token.
func setupOf(b *testing.B, admin hub.Token) survey.Definitions {
	c := hub.NewClient(admin)
	defer c.Close()
	rc, err := c.Setup(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer rc.Close()
	pr, err := pack.NewReader(rc)
	if err != nil {
		b.Fatal(err)
	}
	return pr.Definitions
}

// sqliteFloor inserts the rows of every package raw, one transaction per
// package, into a new peil database with the definitions (same schema,
// same pragmas: WAL, synchronous FULL).
func sqliteFloor(b *testing.B, dir string, defs survey.Definitions, pkgs [][]survey.ResponseRecord) time.Duration {
	ctx := context.Background()
	st := openSQLite(b, dir, "floor")
	if _, err := st.Merge(ctx, defs, func(func(survey.ResponseRecord, error) bool) {}); err != nil {
		b.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "floor.db")+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	for _, recs := range pkgs {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		insR, _ := tx.PrepareContext(ctx, `INSERT INTO responses (id, round_id, school_id, respondent_code, role, status,
			instrument_id, instrument_version, started_at, finished_at, device_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		insA, _ := tx.PrepareContext(ctx, `INSERT INTO answers (response_nr, item_id, number, dont_know, answered_at) VALUES (?, ?, ?, 0, ?)`)
		for _, rec := range recs {
			r := rec.Response
			res, err := insR.ExecContext(ctx, r.ID, r.RoundID, r.SchoolID, r.RespondentCode, r.Role, string(r.Status),
				r.InstrumentID, r.InstrumentVersion, r.StartedAt.UnixNano(), r.FinishedAt.UnixNano(), r.DeviceID, r.FinishedAt.UnixNano())
			if err != nil {
				b.Fatal(err)
			}
			nr, _ := res.LastInsertId()
			for _, a := range rec.Answers {
				if _, err := insA.ExecContext(ctx, nr, a.ItemID, a.Value.Number, a.AnsweredAt.UnixNano()); err != nil {
					b.Fatal(err)
				}
			}
		}
		insR.Close()
		insA.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

// postgresFloor copies the rows of every package raw, one transaction per
// package, into a new peil database with the definitions: COPY of the
// responses (their keys taken from the table's sequence beforehand) and
// COPY of their answers.
func postgresFloor(b *testing.B, _ string, defs survey.Definitions, pkgs [][]survey.ResponseRecord) time.Duration {
	ctx := context.Background()
	st, dsn := pgtest.Open(b)
	if _, err := st.Merge(ctx, defs, func(func(survey.ResponseRecord, error) bool) {}); err != nil {
		b.Fatal(err)
	}
	st.Close()
	conn := pgtest.Conn(b, dsn)
	start := time.Now()
	for _, recs := range pkgs {
		tx, err := conn.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var nrs []int64
		if err := tx.QueryRow(ctx, `SELECT array_agg(nextval(pg_get_serial_sequence('responses', 'nr'))) FROM generate_series(1, $1)`,
			len(recs)).Scan(&nrs); err != nil {
			b.Fatal(err)
		}
		var rrows, arows [][]any
		for i, rec := range recs {
			r := rec.Response
			rrows = append(rrows, []any{nrs[i], r.ID, r.RoundID, r.SchoolID, r.RespondentCode, string(r.Role), string(r.Status),
				r.InstrumentID, r.InstrumentVersion, r.StartedAt.UnixNano(), r.FinishedAt.UnixNano(), r.DeviceID, r.FinishedAt.UnixNano()})
			for _, a := range rec.Answers {
				arows = append(arows, []any{nrs[i], a.ItemID, int64(a.Value.Number), false, a.AnsweredAt.UnixNano()})
			}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"responses"}, []string{"nr", "id", "round_id", "school_id", "respondent_code", "role",
			"status", "instrument_id", "instrument_version", "started_at", "finished_at", "device_id", "updated_at"}, pgx.CopyFromRows(rrows)); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"answers"}, []string{"response_nr", "item_id", "number", "dont_know", "answered_at"},
			pgx.CopyFromRows(arows)); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}
