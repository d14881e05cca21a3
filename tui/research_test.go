package tui

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"peil/pin"
	"peil/storage"
	"peil/survey"
)

// researchDriver drives the research page the way Bubble Tea would: it
// sends messages to Update and runs the commands that come back, depth
// first, recording every message. Commands that only wait (tea.Tick, the
// text cursor's blink) are not run; tests send the tick messages
// themselves.
type researchDriver struct {
	screenDriver[*research]
	st  *storage.Store
	ctx context.Context
}

var testNow = time.Date(2026, 3, 9, 10, 30, 0, 0, time.UTC)

func testCatalogue() []*survey.Instrument {
	mk := func(id, nl, en string, v int) *survey.Instrument {
		return &survey.Instrument{
			ID: id, Version: v,
			Title: survey.Text{survey.Dutch: nl, survey.English: en},
			Sections: []survey.Section{{ID: "s1", Title: survey.Text{survey.Dutch: "Deel 1"}, Items: []survey.Item{
				{ID: "q1", Type: survey.Likert, Text: survey.Text{survey.Dutch: "Ik lees onderzoek."}},
			}}},
		}
	}
	return []*survey.Instrument{
		mk("cultuursurvey", "Cultuursurvey", "School culture survey", 2),
		mk("collega", "Vragenlijst collega's", "Colleagues' questionnaire", 1),
	}
}

func newResearchDriver(t *testing.T, lang survey.Lang) *researchDriver {
	t.Helper()
	ctx := context.Background()
	st, err := storage.Open(ctx, filepath.Join(t.TempDir(), "peil.db"), storage.WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg := Config{Store: st, Catalogue: testCatalogue(), Lang: lang, Now: func() time.Time { return testNow }}
	d := &researchDriver{screenDriver: screenDriver[*research]{t: t, m: newResearch(cfg, NewStyles(true))}, st: st, ctx: ctx}
	d.m.SetSize(80, 24)
	d.run(d.m.Init())
	return d
}

// waits reports whether cmd only waits before sending a message.
func waits(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "bubbletea/v2.Tick") ||
		strings.Contains(name, "bubbletea/v2.Every") ||
		strings.Contains(name, "cursor.(*Model).Blink")
}

func keyPress(s string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"tab": tea.KeyTab, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "backspace": tea.KeyBackspace,
	}
	if code, ok := special[s]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

// press presses keys by name, one after the other.
func (d *researchDriver) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyPress(k))
	}
}

// typeText types s one character at a time.
func (d *researchDriver) typeText(s string) {
	d.t.Helper()
	for _, r := range s {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// fill types each value into a field and presses enter after it.
func (d *researchDriver) fill(values ...string) {
	d.t.Helper()
	for _, v := range values {
		d.typeText(v)
		d.press("enter")
	}
}

func (d *researchDriver) view() string { return ansiStrip(d.m.View()) }

func ansiStrip(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	w.WriteString(s)
	return b.String()
}

func (d *researchDriver) mustSee(want string) {
	d.t.Helper()
	if v := d.view(); !strings.Contains(v, want) {
		d.t.Fatalf("view lacks %q:\n%s", want, v)
	}
}

func (d *researchDriver) kioskMsgs() []startKioskMsg {
	var out []startKioskMsg
	for _, m := range d.msgs {
		if k, ok := m.(startKioskMsg); ok {
			out = append(out, k)
		}
	}
	return out
}

// createStudy makes a study through the form and leaves the driver on its
// page.
func (d *researchDriver) createStudy(code, title string) {
	d.t.Helper()
	d.press("n")
	d.fill(code, title)
	d.press("enter") // k keeps its default
}

// setUpStudy makes a study with one workplace, two schools and an open
// round of the first catalogue instrument, all through the pages.
func (d *researchDriver) setUpStudy() {
	d.t.Helper()
	d.createStudy("monitor-po", "Monitor primair onderwijs")
	d.press("w")
	d.fill("WOA", "Werkplaats Onderwijsonderzoek Amsterdam")
	d.press("s", "enter")
	d.fill("WOA-01", "De Regenboog")
	d.press("s", "enter")
	d.fill("WOA-02", "Het Baken")
	d.press("r")
	d.fill("nulmeting")
	d.press("enter")
	if d.m.form != nil || d.m.err != "" {
		d.t.Fatalf("setting up: form %v still open, error %q\n%s", d.m.formKind, d.m.err, d.view())
	}
}

func TestResearchCreateStudy(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.mustSee("Nog geen onderzoeken")
	d.createStudy("monitor-po", "Monitor PO")

	s, err := d.st.StudyByCode(d.ctx, "monitor-po")
	if err != nil {
		t.Fatalf("study not stored: %v", err)
	}
	if s.Title != "Monitor PO" || s.MinGroupSize != survey.DefaultMinGroupSize {
		t.Errorf("stored study = %+v, want title Monitor PO and k = %d", s, survey.DefaultMinGroupSize)
	}
	if d.m.view != viewStudy || d.m.data.Study.ID != s.ID {
		t.Fatalf("after creating, page = %v showing %q, want the new study's page", d.m.view, d.m.data.Study.Code)
	}
	d.mustSee("Onderzoek monitor-po · Monitor PO")

	// Back to the list, which counts the new study's parts.
	d.press("esc")
	d.mustSee("monitor-po")
	if len(d.m.rows) != 1 || d.m.rows[0].Study.ID != s.ID {
		t.Fatalf("study list = %+v, want the one study", d.m.rows)
	}
	// enter opens it again.
	d.press("enter")
	if d.m.view != viewStudy || !d.m.loaded {
		t.Fatalf("enter on the list: view %v, loaded %v", d.m.view, d.m.loaded)
	}
}

func TestResearchStudyFormValidation(t *testing.T) {
	tests := []struct {
		name string
		// fields are typed into code, title and k in turn, each followed
		// by enter; k is cleared first.
		fields  []string
		wantErr string
	}{
		{"empty code", []string{""}, "Dit mag niet leeg zijn."},
		{"blank code", []string{"   "}, "Dit mag niet leeg zijn."},
		{"code with space", []string{"monitor po"}, "Een code heeft geen spaties."},
		{"code too long", []string{strings.Repeat("x", 21)}, "Hoogstens 20 tekens."},
		{"empty title", []string{"monitor-po", ""}, "Dit mag niet leeg zijn."},
		{"k below 3", []string{"monitor-po", "Monitor", "2"}, "Minstens 3"},
		{"k empty", []string{"monitor-po", "Monitor", ""}, "Typ een heel getal."},
		{"k not a number", []string{"monitor-po", "Monitor", "vijf"}, "Typ een heel getal."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newResearchDriver(t, survey.Dutch)
			d.press("n")
			for i, v := range tt.fields {
				if i == 2 {
					d.press("backspace")
				}
				d.fill(v)
			}
			if d.m.form == nil {
				t.Fatalf("form closed; want it open with %q", tt.wantErr)
			}
			d.mustSee(tt.wantErr)
			if studies, _ := d.st.Studies(d.ctx); len(studies) != 0 {
				t.Errorf("stored %d studies from an invalid form", len(studies))
			}
		})
	}
}

// A valid k other than the default is stored.
func TestResearchStudyK(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.press("n")
	d.fill("monitor-vo", "Monitor VO")
	d.press("backspace")
	d.fill("3")
	if s, err := d.st.StudyByCode(d.ctx, "monitor-vo"); err != nil || s.MinGroupSize != 3 {
		t.Fatalf("study = %+v, %v; want k = 3", s, err)
	}
}

func TestResearchDuplicateCodesShowTheStoreMessage(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.createStudy("monitor-po", "Monitor PO")
	d.press("esc")
	d.createStudy("monitor-po", "Nog een")
	if d.m.form == nil || d.m.formKind != formStudy {
		t.Fatalf("after a duplicate code the study form should be back, got form %v", d.m.formKind)
	}
	if d.m.draft.Name != "Nog een" {
		t.Errorf("form came back with title %q, want the typed one kept", d.m.draft.Name)
	}
	d.mustSee(`already a study with code "monitor-po"`)

	// A duplicate workplace code in the same study.
	d.press("esc")
	d.press("enter")
	d.press("w")
	d.fill("WOA", "Werkplaats Amsterdam")
	d.press("w")
	d.fill("WOA", "Nog een keer")
	if d.m.formKind != formWorkplace || d.m.err == "" {
		t.Fatalf("duplicate workplace: form %v, error %q", d.m.formKind, d.m.err)
	}
	if survey.ErrorCode(d.lastErr()) != survey.ECONFLICT {
		t.Errorf("duplicate workplace error %v, want a conflict", d.lastErr())
	}
	// esc leaves the form without saving.
	d.press("esc")
	if d.m.form != nil {
		t.Fatal("esc left the form open")
	}
	if wps, _ := d.st.Workplaces(d.ctx, d.m.data.Study.ID); len(wps) != 1 {
		t.Errorf("%d workplaces stored, want 1", len(wps))
	}
}

// lastErr returns the error of the last researchSavedMsg.
func (d *researchDriver) lastErr() error {
	for i := len(d.msgs) - 1; i >= 0; i-- {
		if s, ok := d.msgs[i].(researchSavedMsg); ok {
			return s.err
		}
	}
	return nil
}

func TestResearchWorkplacesSchoolsRounds(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	id := d.m.data.Study.ID

	wps, _ := d.st.Workplaces(d.ctx, id)
	schools, _ := d.st.Schools(d.ctx, id)
	if len(wps) != 1 || wps[0].Code != "WOA" {
		t.Fatalf("workplaces = %+v", wps)
	}
	if len(schools) != 2 || schools[0].WorkplaceID != wps[0].ID {
		t.Fatalf("schools = %+v, want two in WOA", schools)
	}
	rounds, _ := d.st.Rounds(d.ctx, id)
	if len(rounds) != 1 {
		t.Fatalf("rounds = %+v", rounds)
	}
	r := rounds[0]
	if r.Name != "nulmeting" || r.InstrumentID != "cultuursurvey" || r.InstrumentVersion != 2 || !r.Open {
		t.Errorf("round = %+v, want open nulmeting of cultuursurvey@2", r)
	}
	if _, err := d.st.Instrument(d.ctx, "cultuursurvey", 2); err != nil {
		t.Errorf("the round's instrument was not saved: %v", err)
	}
	d.mustSee("De Regenboog")
	d.mustSee("Cultuursurvey (v2)")

	// A second round with the second instrument.
	d.press("r")
	d.fill("najaar 2026")
	d.press("down", "enter")
	rounds, _ = d.st.Rounds(d.ctx, id)
	byName := map[string]survey.Round{}
	for _, r := range rounds {
		byName[r.Name] = r
	}
	if r := byName["najaar 2026"]; len(rounds) != 2 || r.InstrumentID != "collega" || r.InstrumentVersion != 1 {
		t.Fatalf("rounds = %+v, want a second one of collega@1", rounds)
	}

	// o closes and reopens the selected round.
	d.press("down", "o")
	sel := d.m.data.Rounds[d.m.roundCursor]
	if r, _ := d.st.Round(d.ctx, sel.ID); r.Open {
		t.Error("o did not close the round")
	}
	d.mustSee("gesloten")
	d.press("o")
	if r, _ := d.st.Round(d.ctx, sel.ID); !r.Open {
		t.Error("o did not open the round again")
	}
}

func TestResearchSchoolNeedsWorkplace(t *testing.T) {
	d := newResearchDriver(t, survey.English)
	d.createStudy("s", "Study")
	d.press("s")
	if d.m.form != nil {
		t.Fatal("school form opened without workplaces")
	}
	d.mustSee("Add a workplace first")
	d.press("k")
	d.mustSee("No round is open")
}

// countLine returns the view's line about a school or row label.
func countLine(t *testing.T, view, label string) []string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, label) {
			f := strings.Fields(l)
			return f[len(f)-2:]
		}
	}
	t.Fatalf("no line with %q in:\n%s", label, view)
	return nil
}

func TestResearchCountsRefreshOnTick(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	round := d.m.data.Rounds[0]
	schools := d.m.data.Schools
	if got := countLine(t, d.view(), "Totaal"); got[0] != "0" || got[1] != "0" {
		t.Fatalf("total before any response = %v, want 0 0", got)
	}

	// A kiosk on the same database: two responses at De Regenboog (one
	// complete), one complete at Het Baken.
	start := func(school survey.School, code string, complete bool) {
		r, err := d.st.StartResponse(d.ctx, survey.Response{RoundID: round.ID, SchoolID: school.ID, RespondentCode: code})
		if err != nil {
			t.Fatal(err)
		}
		if complete {
			if err := d.st.CompleteResponse(d.ctx, r.ID, testNow); err != nil {
				t.Fatal(err)
			}
		}
	}
	start(schools[0], "K7MQ-4XA", false)
	start(schools[0], "ABCD-EFG", true)
	start(schools[1], "HJKM-NPQ", true)

	// Nothing changes until the tick.
	if got := countLine(t, d.view(), "Totaal"); got[0] != "0" {
		t.Fatalf("counts changed before the tick: %v", got)
	}
	stale := d.m.tickGen - 1
	d.send(researchTickMsg{gen: stale})
	if got := countLine(t, d.view(), "Totaal"); got[0] != "0" {
		t.Fatalf("a stale tick refreshed the counts: %v", got)
	}
	d.send(researchTickMsg{gen: d.m.tickGen})

	view := d.view()
	for _, tc := range []struct {
		label string
		want  [2]string
	}{
		{"De Regenboog", [2]string{"1", "1"}},
		{"Het Baken", [2]string{"0", "1"}},
		{"WOA  Werkplaats", [2]string{"1", "2"}}, // subtotal
		{"Totaal", [2]string{"1", "2"}},
	} {
		if got := countLine(t, view, tc.label); got[0] != tc.want[0] || got[1] != tc.want[1] {
			t.Errorf("%s: in progress/complete = %v, want %v", tc.label, got, tc.want)
		}
	}

	// Leaving the page ends the refresh loop.
	gen := d.m.tickGen
	d.press("esc")
	n := len(d.msgs)
	d.send(researchTickMsg{gen: gen})
	for _, m := range d.msgs[n+1:] {
		if _, ok := m.(researchCountsMsg); ok {
			t.Fatal("a tick after leaving the study page still loaded counts")
		}
	}
}

func TestResearchStartKiosk(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	round := d.m.data.Rounds[0]

	// Choose the round and the second school; no PIN yet, so one is asked.
	d.press("k", "enter", "down", "enter")
	if d.m.formKind != formPIN {
		t.Fatalf("no PIN set: want the PIN form, got %v\n%s", d.m.formKind, d.view())
	}
	// Two different PINs are refused.
	d.fill("1357", "7531")
	d.mustSee("De twee pincodes verschillen")
	if len(d.kioskMsgs()) != 0 {
		t.Fatal("kiosk started with mismatched PINs")
	}
	d.press("esc", "k", "enter", "down", "enter")
	// Too short.
	d.fill("12")
	d.mustSee("4 tot 8 cijfers")
	d.press("backspace", "backspace")
	// Too easy to guess.
	d.fill("1234")
	d.mustSee("Kies een andere")
	d.press("backspace", "backspace", "backspace", "backspace")
	d.fill("2468", "2468")

	hash, ok, err := d.st.Setting(d.ctx, SettingPINHash)
	if err != nil || !ok {
		t.Fatalf("PIN hash not stored: %v", err)
	}
	if !pin.Verify(hash, "2468") || pin.Verify(hash, "1234") {
		t.Error("stored hash does not verify the typed PIN (only)")
	}
	ks := d.kioskMsgs()
	if len(ks) != 1 {
		t.Fatalf("startKioskMsg sent %d times, want once", len(ks))
	}
	if ks[0].Round.ID != round.ID || ks[0].School.Code != "WOA-02" {
		t.Errorf("kiosk for %q at %q, want %q at WOA-02", ks[0].Round.Name, ks[0].School.Code, round.Name)
	}

	// With a PIN set, the kiosk starts without asking again.
	d.press("k", "enter", "enter")
	if d.m.form != nil {
		t.Fatalf("PIN asked again: form %v", d.m.formKind)
	}
	if ks := d.kioskMsgs(); len(ks) != 2 || ks[1].School.Code != "WOA-01" {
		t.Fatalf("second start: %+v", ks)
	}
	if h2, _, _ := d.st.Setting(d.ctx, SettingPINHash); h2 != hash {
		t.Error("the PIN hash changed on the second start")
	}
}

func TestResearchKioskOnlyOpenRounds(t *testing.T) {
	d := newResearchDriver(t, survey.English)
	d.setUpStudy()
	d.press("o") // close the only round
	d.press("k")
	if d.m.form != nil {
		t.Fatal("kiosk form opened with no open round")
	}
	d.mustSee("No round is open")
}

func TestResearchLanguage(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.setUpStudy()
	d.mustSee("Werkplaatsen en scholen")
	d.m.setLang(survey.English)
	d.mustSee("Workplaces and schools")
	d.mustSee("Rounds")
	if h := d.m.ShortHelp(); h[0].Help().Desc != "start kiosk" {
		t.Errorf("help after switching to English: %q", h[0].Help().Desc)
	}
	// Forms' help follows the language too, huh's own keys included.
	d.press("w")
	var descs []string
	for _, b := range d.m.ShortHelp() {
		descs = append(descs, b.Help().Desc)
	}
	if got := strings.Join(descs, ","); !strings.Contains(got, "next") || !strings.Contains(got, "cancel") {
		t.Errorf("English form help = %s", got)
	}
	d.press("esc")
	d.m.setLang(survey.Dutch)
	d.press("w")
	descs = descs[:0]
	for _, b := range d.m.ShortHelp() {
		descs = append(descs, b.Help().Desc)
	}
	if got := strings.Join(descs, ","); !strings.Contains(got, "volgende") || !strings.Contains(got, "annuleren") {
		t.Errorf("Dutch form help = %s", got)
	}
}

// TestResearchFitsTheScreen checks that no line of any page is wider than
// the page and that every page is exactly as high, at 80x24.
func TestResearchFitsTheScreen(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	check := func(where string) {
		t.Helper()
		lines := strings.Split(d.view(), "\n")
		if len(lines) != 24 {
			t.Errorf("%s: %d lines, want 24", where, len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > 80 {
				t.Errorf("%s: line %d is %d wide: %q", where, i, w, l)
			}
		}
	}
	check("empty list")
	d.press("n")
	check("study form")
	d.press("esc")
	d.setUpStudy()
	// Many schools: the page scrolls instead of growing.
	for i := range 20 {
		d.press("s", "enter")
		d.fill("WOA-"+string(rune('A'+i)), "Een school met een heel erg lange naam die niet in de kolom past")
	}
	check("long study page")
	if d.m.vp.TotalLineCount() <= d.m.vp.Height() {
		t.Fatal("the page did not need to scroll")
	}
	d.press("pgdown")
	if d.m.vp.YOffset() == 0 {
		t.Error("pgdown did not scroll")
	}
	d.mustSee("Totaal")
	check("scrolled")
	d.press("k")
	check("kiosk form")
}

func TestResearchStudyPageGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		profile colorprofile.Profile
	}{
		{"ansi256", colorprofile.ANSI256},
		{"nocolor", colorprofile.Ascii},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newResearchDriver(t, survey.Dutch)
			d.setUpStudy()
			d.press("w")
			d.fill("POINT", "Passend Onderwijs voor Ieder Nieuw Talent")
			d.press("r")
			d.fill("najaar 2026")
			d.press("down", "enter")
			d.status("") // show the refresh line, not the last action's message
			var b bytes.Buffer
			w := &colorprofile.Writer{Forward: &b, Profile: tc.profile}
			if _, err := w.WriteString(d.m.View()); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

func (d *researchDriver) status(s string) { d.m.status = s }

// Opening a study's page gets its trend data ready in the background.
func TestResearchPreparesTrends(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	var prepared []string
	d.m.cfg.Backend = prepareFunc(func(_ context.Context, studyID string) { prepared = append(prepared, studyID) })
	d.createStudy("monitor-po", "Monitor PO")
	s, err := d.st.StudyByCode(d.ctx, "monitor-po")
	if err != nil {
		t.Fatal(err)
	}
	if len(prepared) != 1 || prepared[0] != s.ID {
		t.Errorf("PrepareTrends called with %v, want once with the new study %s", prepared, s.ID)
	}
}

// Typed fast, the keys after Enter reach the next field: huh moves to it
// with a message that comes after keys already typed, and the page holds
// those keys until the move is done.
func TestResearchFormFastTyping(t *testing.T) {
	d := newResearchDriver(t, survey.Dutch)
	d.press("n") // a new study: code, title, k
	d.typeText("fast")
	// Enter, and the title typed before the program delivers the move.
	var moved tea.Cmd
	moved = d.m.Update(keyPress("enter"))
	for _, r := range "Snel getypt" {
		var cmd tea.Cmd
		cmd = d.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		if cmd != nil && !waits(cmd) {
			t.Fatalf("a key typed during the move did something: %v", cmd())
		}
	}
	deliverMoveLast(t, moved, d.send)
	d.press("enter", "enter")
	s, err := d.st.StudyByCode(d.ctx, "fast")
	if err != nil {
		t.Fatalf("no study with code fast: %v\n%s", err, d.view())
	}
	if s.Title != "Snel getypt" {
		t.Errorf("title = %q, want %q", s.Title, "Snel getypt")
	}
}
