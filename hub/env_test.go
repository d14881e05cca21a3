package hub_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/backend"
	"peil/hub"
	"peil/instruments"
	"peil/postgres/pgtest"
	"peil/storage"
	"peil/survey"
)

// hubStore is what a hub and a laptop keep their data in.
type hubStore interface {
	survey.Store
	survey.HubStore
	Close() error
}

// storeKind opens the hub's store of one kind. The tests and the load
// benchmark run on every kind listed in kinds. Laptops keep SQLite files
// whatever the hub's kind, as they do in schools.
type storeKind struct {
	name string
	// open returns a new, empty store (closed when the test ends); dir
	// is a temporary folder for a file database.
	open func(t testing.TB, dir, name string) hubStore
}

var kinds = []storeKind{{name: "sqlite", open: openSQLite}, {name: "postgres", open: openPostgres}}

// openPostgres opens a new database on the PostgreSQL test server
// (PEIL_TEST_POSTGRES; skipped without it, failed with CI set).
func openPostgres(t testing.TB, _, _ string) hubStore {
	t.Helper()
	st, _ := pgtest.Open(t)
	return st
}

func openSQLite(t testing.TB, dir, name string) hubStore {
	t.Helper()
	st, err := storage.Open(context.Background(), filepath.Join(dir, name+".db"))
	if err != nil {
		t.Fatalf("opening %s: %v", name, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// forEachStore runs a test on every store kind.
func forEachStore(t *testing.T, test func(t *testing.T, k storeKind)) {
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) { test(t, k) })
	}
}

// env is a hub serving HTTPS on loopback, on a study with three
// workplaces: WOA (schools WOA-01, WOA-02), POINT (POINT-01) and WOU
// (WOU-01), and an open round.
type env struct {
	t       testing.TB
	kind    storeKind
	dir     string
	st      hubStore
	hub     *backend.Hub
	url, fp string
	study   survey.Study
	round   survey.Round
	inst    *survey.Instrument
	schools map[string]survey.School
	opts    []hub.Option
	stop    func()
}

func newEnv(t testing.TB, k storeKind, opts ...hub.Option) *env {
	t.Helper()
	return newEnvWriters(t, k, 0, opts...)
}

// newEnvWriters is newEnv with a hub that lets writers writes reach its
// store at once (0: the store's default, backend.HubWriters).
func newEnvWriters(t testing.TB, k storeKind, writers int, opts ...hub.Option) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, kind: k, dir: t.TempDir(), schools: map[string]survey.School{}, opts: opts}
	e.st = k.open(t, e.dir, "hub")
	b := backend.New(e.st)
	var err error
	if e.study, err = b.CreateStudy(ctx, "monitor", "Monitor", survey.DefaultMinGroupSize); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct{ wp, school string }{{"WOA", "WOA-01"}, {"WOA", "WOA-02"}, {"POINT", "POINT-01"}, {"WOU", "WOU-01"}} {
		if _, err := b.FindWorkplace(ctx, e.study, w.wp); err != nil {
			if _, _, err := b.AddWorkplace(ctx, e.study.Code, w.wp, "Werkplaats "+w.wp); err != nil {
				t.Fatal(err)
			}
		}
		_, sc, err := b.AddSchool(ctx, e.study.Code, w.wp, w.school, "School "+w.school)
		if err != nil {
			t.Fatal(err)
		}
		e.schools[w.school] = sc
	}
	if e.inst, err = instruments.Builtin("cultuursurvey"); err != nil {
		t.Fatal(err)
	}
	if e.round, _, err = b.OpenRound(ctx, e.study, "Meting 2026", func() (*survey.Instrument, string, error) { return e.inst, "builtin", nil }); err != nil {
		t.Fatal(err)
	}
	if writers <= 0 {
		writers = backend.HubWriters(e.st)
	}
	e.hub = b.NewHub(e.st, writers)
	e.start()
	return e
}

// start serves the hub on a new loopback port with its own certificate.
func (e *env) start() {
	e.t.Helper()
	cert, _, err := hub.LoadOrCreateCertificate(e.dir, nil, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	e.url, e.fp = "https://"+ln.Addr().String(), hub.Fingerprint(cert.Certificate[0])
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- hub.Serve(ctx, ln, hub.NewServer(e.hub, e.opts...), &cert) }()
	var once sync.Once
	e.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
				e.t.Errorf("hub.Serve: %v", err)
			}
		})
	}
	e.t.Cleanup(e.stop)
}

// enrol makes a token on the hub.
func (e *env) enrol(role survey.HubRole, workplace, school string) (hub.Token, survey.HubToken) {
	e.t.Helper()
	var wps []string
	if workplace != "" {
		wps = strings.Split(workplace, ",")
	}
	ht, secret, err := e.hub.Enrol(context.Background(), backend.EnrolRequest{Role: role, Workplaces: wps, School: school,
		Label: fmt.Sprintf("%s %s%s", role, workplace, school)})
	if err != nil {
		e.t.Fatalf("Enrol: %v", err)
	}
	return hub.Token{URL: e.url, Fingerprint: e.fp, Secret: secret}, ht
}

// laptop is a laptop's database joined to the hub.
type laptop struct {
	// name makes the laptop's respondent codes unique: a pointer address
	// is not (a laptop no longer used may be collected and its address
	// given to the next, whose codes then meet the first's in a merge).
	name string
	t    testing.TB
	e    *env
	st   hubStore
	b    *backend.Backend
	c    *hub.Client
	tok  hub.Token
	n    int
}

var fast = backend.SyncOptions{Attempts: 2, Backoff: time.Millisecond}

func (e *env) laptop(name string, tok hub.Token) *laptop {
	e.t.Helper()
	l := &laptop{name: name, t: e.t, e: e, st: openSQLite(e.t, e.dir, name), tok: tok}
	l.b = backend.New(l.st)
	l.c = hub.NewClient(tok)
	e.t.Cleanup(l.c.Close)
	if _, err := l.b.Join(context.Background(), l.c, tok.URL, tok.String(), fast); err != nil {
		e.t.Fatalf("%s: Join: %v", name, err)
	}
	return l
}

func (l *laptop) sync() (backend.SyncReport, error) {
	return l.b.Sync(context.Background(), l.c, fast)
}

func (l *laptop) mustSync() backend.SyncReport {
	l.t.Helper()
	rep, err := l.sync()
	if err != nil {
		l.t.Fatalf("Sync: %v", err)
	}
	return rep
}

// likertItems are the first Likert items of the instrument.
func (e *env) likertItems(n int) []string {
	var ids []string
	for _, sec := range e.inst.Sections {
		for _, it := range sec.Items {
			if it.Type == survey.Likert && len(ids) < n {
				ids = append(ids, it.ID)
			}
		}
	}
	return ids
}

// answer collects n complete responses at school on the laptop, each with
// three answers, and returns their ids.
func (l *laptop) answer(n int, school string, complete bool) []string {
	l.t.Helper()
	ctx := context.Background()
	var ids []string
	for range n {
		l.n++
		r, err := l.st.StartResponse(ctx, survey.Response{RoundID: l.e.round.ID, SchoolID: l.e.schools[school].ID,
			RespondentCode: fmt.Sprintf("R-%s-%d", l.name, l.n), Role: survey.RoleTeacher})
		if err != nil {
			l.t.Fatalf("StartResponse: %v", err)
		}
		for i, item := range l.e.likertItems(3) {
			if err := l.st.SaveAnswer(ctx, r.ID, survey.Answer{ItemID: item, Value: survey.Value{Number: 1 + (l.n+i)%5}}, nil, ""); err != nil {
				l.t.Fatalf("SaveAnswer: %v", err)
			}
		}
		if complete {
			if err := l.st.CompleteResponse(ctx, r.ID, time.Time{}); err != nil {
				l.t.Fatalf("CompleteResponse: %v", err)
			}
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// records reads every response of the study in st, by id.
func records(t testing.TB, st survey.Store, studyID string) map[string]survey.ResponseRecord {
	t.Helper()
	out := map[string]survey.ResponseRecord{}
	err := st.ScanResponses(context.Background(), survey.ResponseFilter{StudyID: studyID}, func(rec survey.ResponseRecord) error {
		if _, dup := out[rec.Response.ID]; dup {
			return fmt.Errorf("response %s read twice", rec.Response.ID)
		}
		out[rec.Response.ID] = rec
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameResponses fails unless every response of from is in to with the same
// content.
func sameResponses(t testing.TB, to, from map[string]survey.ResponseRecord) {
	t.Helper()
	missing := 0
	for id, rec := range from {
		got, ok := to[id]
		if !ok {
			missing++
			continue
		}
		if survey.ContentHash(got) != survey.ContentHash(rec) {
			t.Errorf("response %s differs on the hub", id)
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d responses are missing", missing, len(from))
	}
}

// snapshot is what a refused request must not change on the hub.
type snapshot struct {
	hashes []string
	defs   int
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	var s snapshot
	for _, rec := range records(e.t, e.st, e.study.ID) {
		h := survey.ContentHash(rec)
		s.hashes = append(s.hashes, string(h[:]))
	}
	slices.Sort(s.hashes)
	ctx := context.Background()
	for _, f := range []func() (int, error){
		func() (int, error) { x, err := e.st.Schools(ctx, e.study.ID); return len(x), err },
		func() (int, error) { x, err := e.st.Rounds(ctx, e.study.ID); return len(x), err },
		func() (int, error) { x, err := e.st.Workplaces(ctx, e.study.ID); return len(x), err },
		func() (int, error) { x, err := e.st.Studies(ctx); return len(x), err },
	} {
		n, err := f()
		if err != nil {
			e.t.Fatal(err)
		}
		s.defs = s.defs*100 + n
	}
	return s
}

func (e *env) unchanged(before snapshot) {
	e.t.Helper()
	after := e.snapshot()
	if !slices.Equal(before.hashes, after.hashes) || before.defs != after.defs {
		e.t.Errorf("the hub's data changed: %d responses before, %d after; definitions %d, %d", len(before.hashes), len(after.hashes), before.defs, after.defs)
	}
}

// lastAudit returns the hub's newest audit entry.
func (e *env) lastAudit() survey.AuditEntry {
	e.t.Helper()
	log, err := e.st.AuditLog(context.Background(), 0, 0)
	if err != nil || len(log) == 0 {
		e.t.Fatalf("audit log: %d entries, %v", len(log), err)
	}
	return log[len(log)-1]
}
