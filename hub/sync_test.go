package hub_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"peil/backend"
	"peil/survey"
)

// TestTwoLaptopsSyncInEveryOrder: two laptops of one workplace hold
// overlapping responses (one had the other's package, and one response
// went on after that); whichever syncs first, each twice, the hub holds
// every response once, in its newest version.
func TestTwoLaptopsSyncInEveryOrder(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		for _, order := range []string{"AABB", "ABAB", "ABBA", "BAAB", "BABA", "BBAA"} {
			t.Run(order, func(t *testing.T) {
				ctx := context.Background()
				e := newEnv(t, k)
				tokA, _ := e.enrol(survey.RoleDevice, "WOA", "")
				tokB, _ := e.enrol(survey.RoleDevice, "WOA", "")
				a, b := e.laptop("a", tokA), e.laptop("b", tokB)
				a.answer(5, "WOA-01", true)
				open := a.answer(2, "WOA-02", false)
				// B gets A's responses by a package file, as on a stick.
				var pkg bytes.Buffer
				s, _ := a.st.Study(ctx, e.study.ID)
				if _, err := a.b.WritePackage(ctx, &pkg, s, backend.PackageRequest{}, time.Time{}, time.Now()); err != nil {
					t.Fatal(err)
				}
				if _, _, err := b.b.ImportPackage(ctx, &pkg); err != nil {
					t.Fatal(err)
				}
				// A's first open response is finished after that: A's
				// version is newer than B's copy.
				if err := a.st.CompleteResponse(ctx, open[0], time.Time{}); err != nil {
					t.Fatal(err)
				}
				b.answer(4, "WOA-02", true)
				for _, who := range order {
					l := map[rune]*laptop{'A': a, 'B': b}[who]
					l.mustSync()
				}
				want := records(t, a.st, e.study.ID)
				for id, rec := range records(t, b.st, e.study.ID) {
					if _, ok := want[id]; !ok {
						want[id] = rec
					}
				}
				got := records(t, e.st, e.study.ID)
				if len(got) != 11 || len(want) != 11 {
					t.Errorf("the hub holds %d responses, the laptops %d together; want 11", len(got), len(want))
				}
				sameResponses(t, got, want)
				if got[open[0]].Response.Status != survey.Complete {
					t.Errorf("the finished response is %s on the hub, want complete", got[open[0]].Response.Status)
				}
			})
		}
	})
}

// TestResearcherPullsOnlyItsWorkplace: a researcher's sync brings its
// workplace's responses and schools into its own database, nothing of
// another workplace; a researcher of two workplaces gets both and not the
// third; an admin gets all.
func TestResearcherPullsOnlyItsWorkplace(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		e := newEnv(t, k)
		woa, _ := e.enrol(survey.RoleDevice, "WOA", "")
		point, _ := e.enrol(survey.RoleDevice, "POINT", "")
		lw, lp := e.laptop("woa", woa), e.laptop("point", point)
		woaIDs := append(lw.answer(3, "WOA-01", true), lw.answer(2, "WOA-02", false)...)
		lp.answer(4, "POINT-01", true)
		lw.mustSync()
		lp.mustSync()

		rtok, rt := e.enrol(survey.RoleResearcher, "WOA", "")
		r := e.laptop("researcher", rtok)
		got := records(t, r.st, e.study.ID)
		if len(got) != len(woaIDs) {
			t.Errorf("the researcher has %d responses, want WOA's %d", len(got), len(woaIDs))
		}
		for _, id := range woaIDs {
			if _, ok := got[id]; !ok {
				t.Errorf("WOA response %s is missing at the researcher", id)
			}
		}
		schools, _ := r.st.Schools(context.Background(), e.study.ID)
		for _, sc := range schools {
			if sc.WorkplaceID != e.schools["WOA-01"].WorkplaceID {
				t.Errorf("the researcher's database has school %s of another workplace", sc.Code)
			}
		}
		if a := e.lastAudit(); a.Action != "data" || a.TokenID != rt.ID || !a.OK || !strings.Contains(a.Detail, "5 response(s) of workplace WOA") {
			t.Errorf("last audit entry = %+v, want the researcher's read of 5 WOA responses", a)
		}
		// A second sync brings nothing new and changes nothing.
		if rep := r.mustSync(); rep.Pulled.Added != 0 || rep.Pulled.Duplicates != 5 {
			t.Errorf("second pull: %+v, want 0 new and 5 duplicates", rep.Pulled)
		}
		wou, _ := e.enrol(survey.RoleDevice, "WOU", "")
		lwou := e.laptop("wou", wou)
		lwou.answer(1, "WOU-01", true)
		lwou.mustSync()
		two, _ := e.enrol(survey.RoleResearcher, "WOA,WOU", "")
		got = records(t, e.laptop("two", two).st, e.study.ID)
		for _, rec := range got {
			if rec.Response.SchoolID == e.schools["POINT-01"].ID {
				t.Errorf("a researcher of WOA and WOU has POINT's response %s", rec.Response.ID)
			}
		}
		if len(got) != 6 {
			t.Errorf("a researcher of WOA and WOU pulled %d responses, want 5 + 1", len(got))
		}
		atok, _ := e.enrol(survey.RoleAdmin, "", "")
		if n := len(records(t, e.laptop("admin", atok).st, e.study.ID)); n != 10 {
			t.Errorf("the admin pulled %d responses, want all 10", n)
		}
	})
}

// TestPushSendsOnlyUnacknowledged: the ack watermark moves when the hub
// confirmed an upload, so a sync sends what is new, and --status counts
// what waits.
func TestPushSendsOnlyUnacknowledged(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		ctx := context.Background()
		e := newEnv(t, k)
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		l := e.laptop("l", tok)
		opt := fast
		opt.AckMargin = time.Nanosecond // nothing else writes here
		waiting := func() int {
			st, err := l.b.SyncStatus(ctx)
			if err != nil || !st.Joined {
				t.Fatalf("SyncStatus = %+v, %v", st, err)
			}
			return st.Waiting
		}
		l.answer(5, "WOA-01", true)
		if w := waiting(); w != 5 {
			t.Errorf("waiting = %d, want 5", w)
		}
		for i, want := range []int{5, 0} {
			rep, err := l.b.Sync(ctx, l.c, opt)
			if err != nil || rep.Pushed != want {
				t.Errorf("sync %d pushed %d (%v), want %d", i+1, rep.Pushed, err, want)
			}
		}
		l.answer(3, "WOA-01", false)
		if w := waiting(); w != 3 {
			t.Errorf("waiting = %d, want 3", w)
		}
		if rep, err := l.b.Sync(ctx, l.c, opt); err != nil || rep.Pushed != 3 || rep.Upload.Added != 3 {
			t.Errorf("sync pushed %d, added %d (%v); want 3 and 3", rep.Pushed, rep.Upload.Added, err)
		}
		st, _ := l.b.SyncStatus(ctx)
		if st.Waiting != 0 || st.LastSync.IsZero() || st.LastError != "" || st.HubURL != e.url {
			t.Errorf("status after sync = %+v", st)
		}
	})
}

// TestSyncBesideKiosk: a sync runs again and again while a kiosk saves
// answers to the same database file; after a last sync the hub has every
// response exactly as the laptop has it.
func TestSyncBesideKiosk(t *testing.T) {
	forEachStore(t, func(t *testing.T, k storeKind) {
		e := newEnv(t, k)
		tok, _ := e.enrol(survey.RoleDevice, "WOA", "")
		l := e.laptop("kiosk", tok)
		kiosk := &laptop{t: t, e: e, st: openSQLite(t, e.dir, "kiosk")} // a second handle, as a second process
		var wg sync.WaitGroup
		done := make(chan struct{})
		wg.Go(func() {
			defer close(done)
			for i := range 200 {
				kiosk.answer(1, "WOA-01", i%4 != 0)
			}
		})
		syncs := 0
		for running := true; running; syncs++ {
			select {
			case <-done:
				running = false
			default:
			}
			if _, err := l.sync(); err != nil {
				t.Fatalf("sync %d beside the kiosk: %v", syncs, err)
			}
		}
		wg.Wait()
		l.mustSync()
		want := records(t, l.st, e.study.ID)
		got := records(t, e.st, e.study.ID)
		if len(want) != 200 || len(got) != 200 {
			t.Errorf("laptop %d, hub %d responses; want 200 on both", len(want), len(got))
		}
		sameResponses(t, got, want)
		t.Logf("%d syncs ran while the kiosk answered", syncs)
	})
}
