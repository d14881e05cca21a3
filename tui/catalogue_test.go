package tui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"peil/storage"
	"peil/survey"
)

// countingCatalogue returns a Config.LoadCatalogue that makes
// testCatalogue (or fails with err), and the number of its calls.
func countingCatalogue(err error) (func(context.Context) ([]*survey.Instrument, error), *atomic.Int32) {
	var calls atomic.Int32
	return func(context.Context) ([]*survey.Instrument, error) {
		calls.Add(1)
		if err != nil {
			return nil, err
		}
		return testCatalogue(), nil
	}, &calls
}

// loadingConfig is a Config on a new database whose catalogue comes from
// load.
func loadingConfig(t *testing.T, load func(context.Context) ([]*survey.Instrument, error)) Config {
	t.Helper()
	st, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "peil.db"), storage.WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Config{Store: st, LoadCatalogue: load, Lang: survey.Dutch, Now: func() time.Time { return testNow }}
}

// The first screen does not wait for the catalogue: the model draws it
// without loading, a command loads it once the study list is in, once,
// and the pages use that one load.
func TestCatalogueLoadsOnceAfterTheFirstScreen(t *testing.T) {
	load, calls := countingCatalogue(nil)
	cfg := loadingConfig(t, load)
	m := New(cfg)
	m.Update(startupMsg{})
	m.View()
	if n := calls.Load(); n != 0 {
		t.Fatalf("the first screen loaded the catalogue %d times, want 0", n)
	}
	d := NewDriver(t, cfg, 80, 24)
	if n := calls.Load(); n != 1 {
		t.Fatalf("after the study list the catalogue was loaded %d times, want 1", n)
	}
	d.Press("n")
	d.Type("monitor-po")
	d.Press("enter")
	d.Type("Monitor")
	d.Press("enter", "enter")
	d.Press("r")
	if s := d.Screen(); !strings.Contains(s, "Cultuursurvey (v2)") || !strings.Contains(s, "Vragenlijst collega's (v1)") {
		t.Fatalf("the new round's form lacks the catalogue:\n%s", s)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the catalogue was loaded %d times, want 1", n)
	}
}

// A page that needs the catalogue before the command that loads it has run
// loads it itself; the command then finds it loaded.
func TestCatalogueNeededBeforeItLoaded(t *testing.T) {
	load, calls := countingCatalogue(nil)
	cfg := withCatalogue(context.Background(), loadingConfig(t, load))
	d := &researchDriver{screenDriver: screenDriver[*research]{t: t, m: newResearch(cfg, NewStyles(true))}, st: cfg.Store.(*storage.Store), ctx: context.Background()}
	d.m.SetSize(80, 24)
	d.run(d.m.Init())
	d.setUpStudy()
	d.mustSee("Cultuursurvey (v2)")
	d.run(loadCatalogueCmd(cfg))
	if n := calls.Load(); n != 1 {
		t.Errorf("the catalogue was loaded %d times, want 1", n)
	}
}

// A catalogue that cannot be read is an error on the screen, not a
// peil that does not start; a new round then cannot be made.
func TestCatalogueError(t *testing.T) {
	load, calls := countingCatalogue(errors.New("instrument x@1 is damaged"))
	d := NewDriver(t, loadingConfig(t, load), 80, 24)
	want := "reading the instruments: instrument x@1 is damaged"
	if s := d.Screen(); !strings.Contains(s, want) {
		t.Fatalf("screen lacks %q:\n%s", want, s)
	}
	d.Press("n")
	d.Type("monitor-po")
	d.Press("enter")
	d.Type("Monitor")
	d.Press("enter", "enter")
	d.Press("r")
	if d.M.research.form != nil {
		t.Fatal("r opened the new round's form without a catalogue")
	}
	if s := d.Screen(); !strings.Contains(s, "instrument x@1 is damaged") {
		t.Errorf("after r the screen lacks the error:\n%s", s)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the catalogue was loaded %d times, want 1", n)
	}
}
