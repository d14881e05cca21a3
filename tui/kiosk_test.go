package tui_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"peil/instruments"
	"peil/pin"
	"peil/storage"
	"peil/survey"
	"peil/tui"
)

const testPIN = "4821"

// testNow is the clock of the kiosk and the store in these tests.
func testNow() time.Time { return time.Date(2025, 10, 6, 9, 30, 0, 0, time.UTC) }

// fixture is a study with one school and an open round of an instrument,
// in a real SQLite file, with the kiosk PIN set.
type fixture struct {
	store  *storage.Store
	round  survey.Round
	school survey.School
	inst   *survey.Instrument
	path   string
}

func newFixture(t *testing.T, instrumentID string) *fixture {
	t.Helper()
	inst, err := instruments.Builtin(instrumentID)
	if err != nil {
		t.Fatal(err)
	}
	return newFixtureOf(t, inst)
}

// newFixtureOf is newFixture with an instrument of the test's own.
func newFixtureOf(t *testing.T, inst *survey.Instrument) *fixture {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.db")
	// The store's clock is the kiosk's (config), so that the kiosk's
	// response leases expire in the store's time.
	st, err := storage.Open(ctx, path, storage.WithNow(testNow))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.SaveInstrument(ctx, inst); err != nil {
		t.Fatal(err)
	}
	study, err := st.CreateStudy(ctx, survey.Study{Code: "monitor", Title: "Monitor"})
	if err != nil {
		t.Fatal(err)
	}
	wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: "WOA", Name: "Werkplaats Amsterdam"})
	if err != nil {
		t.Fatal(err)
	}
	school, err := st.CreateSchool(ctx, survey.School{WorkplaceID: wp.ID, Code: "WOA-01", Name: "De Regenboog"})
	if err != nil {
		t.Fatal(err)
	}
	round, err := st.CreateRound(ctx, survey.Round{StudyID: study.ID, Name: "nulmeting", InstrumentID: inst.ID, InstrumentVersion: inst.Version, Open: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := pin.Hash(testPIN)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, tui.SettingPINHash, h); err != nil {
		t.Fatal(err)
	}
	return &fixture{store: st, round: round, school: school, inst: inst, path: path}
}

// config returns the TUI configuration; rnd seeds respondent codes.
func (f *fixture) config(store survey.Store) tui.Config {
	return tui.Config{
		Store:    store,
		Now:      testNow,
		Rand:     bytes.NewReader(bytes.Repeat([]byte{7, 42, 99, 150, 3, 200, 11, 77}, 64)),
		DeviceID: "laptop-1",
	}
}

// kiosk starts a driver in kiosk mode, as the research page does.
func (f *fixture) kiosk(t *testing.T, w, h int) *tui.Driver {
	t.Helper()
	d := tui.NewDriver(t, f.config(f.store), w, h)
	d.StartKiosk(f.round.ID, f.school.ID)
	requirePhase(t, d, "welcome")
	return d
}

func requirePhase(t *testing.T, d *tui.Driver, want string) {
	t.Helper()
	if got := d.Phase(); got != want {
		t.Fatalf("kiosk shows %q, want %q; screen:\n%s", got, want, d.Screen())
	}
}

func requireItem(t *testing.T, d *tui.Driver, want string) {
	t.Helper()
	if got := d.CurrentItem(); got != want {
		t.Fatalf("question %q on screen, want %q; screen:\n%s", got, want, d.Screen())
	}
}

func requireScreen(t *testing.T, d *tui.Driver, want ...string) {
	t.Helper()
	s := d.Screen()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

func refuteScreen(t *testing.T, d *tui.Driver, notWant ...string) {
	t.Helper()
	s := d.Screen()
	for _, w := range notWant {
		if strings.Contains(s, w) {
			t.Fatalf("screen shows %q but should not:\n%s", w, s)
		}
	}
}

// newRespondent goes from the welcome screen to the first question with a
// new code and returns the code shown.
func newRespondent(t *testing.T, d *tui.Driver) string {
	t.Helper()
	d.Press("enter")
	requirePhase(t, d, "code")
	d.ClickText("Nieuwe code")
	requirePhase(t, d, "new code")
	code := ""
	for _, line := range strings.Split(d.Screen(), "\n") {
		if strings.Contains(line, " - ") { // "K 7 M Q - 4 X A" in its box
			code = strings.NewReplacer("│", "", " ", "").Replace(line)
		}
	}
	if _, err := survey.ParseRespondentCode(code); err != nil {
		t.Fatalf("new code %q on screen is not valid: %v\n%s", code, err, d.Screen())
	}
	d.Press("enter")
	requirePhase(t, d, "question")
	return code
}

func TestRespondentSessionCollega(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	requireScreen(t, d, "Welkom", "Vragenlijst voor collega's", "English")

	// A mistyped code is refused calmly, and the screen stays.
	d.Press("enter")
	d.Type("K7MQ")
	d.Press("enter")
	requirePhase(t, d, "code")
	requireScreen(t, d, "Een code heeft 7 tekens en een streepje, bijvoorbeeld K7MQ-4XA")
	d.Press("esc") // the PIN prompt: not for respondents
	requireScreen(t, d, "Alleen voor de onderzoeker")
	d.Press("esc")
	// The first Tab shows where it went: Verder (Enter in the field) is
	// passed, Nieuwe code is highlighted.
	before := d.Screen()
	d.Press("tab")
	if d.Screen() == before {
		t.Fatalf("the first Tab changed nothing on screen:\n%s", before)
	}
	requireScreen(t, d, "┃ Nieuwe code ┃")
	d.Press("tab", "enter") // Terug
	requirePhase(t, d, "welcome")

	code := newRespondent(t, d)
	requireItem(t, d, "kent_deelnemer")
	requireScreen(t, d, "Vraag 1 van 5", "Het onderzoek op uw school", "← Vorige", "Volgende →")

	// Required: Next without an answer says so and stays.
	d.Press("enter")
	requireItem(t, d, "kent_deelnemer")
	requireScreen(t, d, "Deze vraag is verplicht")

	answers := []struct {
		item string
		keys []string
	}{
		{"kent_deelnemer", []string{"1"}},
		{"weet_onderwerp", []string{"down"}}, // ↓ picks the first option: ja
		{"betrokken_vraag", []string{"2"}},
		{"betrokken_uitvoering", []string{"1"}},
		{"vertelt", []string{"4"}},
		{"bruikbaar", []string{"0"}},
		{"kd_delen", []string{"5"}},
		{"kd_gebruiken", []string{"3"}},
		{"kd_meedoen", []string{"2"}},
	}
	for _, a := range answers {
		requireItem(t, d, a.item)
		d.Press(a.keys...)
		d.Press("enter")
	}
	requireItem(t, d, "opmerking")
	d.Type("Mooi project, q en e typen gewoon.")
	d.Press("enter")
	requirePhase(t, d, "review")
	requireScreen(t, d, "Uw antwoorden", "Weet ik niet", "Versturen", "Mooi project")

	// Change "weet u waar het over gaat" to nee: the follow-up questions
	// are hidden and their answers cleared.
	d.ClickText("Weet u waar het onderzoek")
	requireItem(t, d, "weet_onderwerp")
	d.Press("2", "enter")
	requirePhase(t, d, "review")
	refuteScreen(t, d, "Bent u betrokken", "Mijn collega vertelt")

	// The cursor is back on the question just changed.
	requireScreen(t, d, "› Weet u waar het onderzoek", "enter antwoord wijzigen")
	d.Press("end") // Versturen
	requireScreen(t, d, "enter versturen")
	d.Press("enter")
	requirePhase(t, d, "thanks")
	requireScreen(t, d, "Hartelijk dank", "Uw code was:", strings.Join(strings.Split(code, ""), " "))
	d.FireTimers()
	requirePhase(t, d, "welcome")

	// The store holds exactly the visible answers, complete.
	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != survey.Complete || r.Role != survey.RoleColleague || r.SchoolID != f.school.ID || r.DeviceID != "laptop-1" {
		t.Errorf("response = %+v, want complete, role collega, school, device", r)
	}
	got, err := f.store.Answers(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]survey.Value{
		"kent_deelnemer": survey.Num(1), "weet_onderwerp": survey.Num(2),
		"kd_delen": survey.Num(5), "kd_gebruiken": survey.Num(3), "kd_meedoen": survey.Num(2),
		"opmerking": survey.TextValue("Mooi project, q en e typen gewoon."),
	}
	if len(got) != len(want) {
		t.Errorf("stored %d answers, want %d: %+v", len(got), len(want), got)
	}
	for _, a := range got {
		if w, ok := want[a.ItemID]; !ok || !w.Equal(a.Value) {
			t.Errorf("stored %s = %+v, want %+v (present: %v)", a.ItemID, a.Value, w, ok)
		}
	}
	if v, ok, _ := f.store.Setting(ctx, tui.SettingKioskResponse); ok && v != "" {
		t.Errorf("kiosk response setting = %q after submitting, want empty", v)
	}

	// The same person again: a kind message, no second response.
	d.Press("enter")
	d.Type(strings.ToLower(code))
	d.Press("enter")
	requirePhase(t, d, "notice")
	requireScreen(t, d, "al ingevuld")
	d.Press("enter")
	requirePhase(t, d, "welcome")
}

func TestBackAlwaysWorks(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	d.Press("1", "enter")
	requireItem(t, d, "weet_onderwerp")
	for _, back := range []string{"left", "shift+tab", "pgup"} {
		// weet_onderwerp is required and unanswered: back still works.
		d.Press(back)
		requireItem(t, d, "kent_deelnemer")
		d.Press("enter")
		requireItem(t, d, "weet_onderwerp")
	}
	d.Press("enter")
	requireScreen(t, d, "Deze vraag is verplicht")
	d.ClickText("Vorige")
	requireItem(t, d, "kent_deelnemer")
	refuteScreen(t, d, "Deze vraag is verplicht")
	// The answer given before is shown again, selected.
	requireScreen(t, d, "(●) Ja")
}

func TestMouse(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	d.ClickText("Beginnen")
	requirePhase(t, d, "code")
	newRespondentFromCode(t, d)
	d.ClickText("Nee")
	requireScreen(t, d, "(●) Nee", "( ) Ja")
	d.ClickText("Volgende")
	requireItem(t, d, "kd_delen") // nee skips the questions about the study
	d.ClickText("Mee eens")       // option 4; "Helemaal mee eens" is lower case
	requireScreen(t, d, "(●) Mee eens")
	d.ClickText("English")
	requireScreen(t, d, "(●) Agree", "Question 2 of 5", "Nederlands")
}

func newRespondentFromCode(t *testing.T, d *tui.Driver) {
	t.Helper()
	d.ClickText("Nieuwe code")
	requirePhase(t, d, "new code")
	d.ClickText("Beginnen")
	requirePhase(t, d, "question")
}

func TestLeavingNeedsPIN(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	for _, k := range []string{"ctrl+c", "esc", "q"} {
		d.Press(k)
		if d.Quit {
			t.Fatalf("%s quit the kiosk", k)
		}
		requireScreen(t, d, "Alleen voor de onderzoeker")
		d.Type("0000")
		d.Press("enter")
		requireScreen(t, d, "Deze pincode klopt niet")
		if d.State() != "kiosk" {
			t.Fatalf("a wrong PIN left the kiosk (state %s)", d.State())
		}
		d.Press("esc")
		refuteScreen(t, d, "Alleen voor de onderzoeker")
		requirePhase(t, d, "welcome")
	}
	d.Press("q")
	d.Type(testPIN)
	d.Press("enter")
	if d.State() != "research" {
		t.Fatalf("the right PIN left state %s, want research", d.State())
	}
	if v, _, _ := f.store.Setting(ctx, tui.SettingKioskRound); v != "" {
		t.Errorf("kiosk round setting = %q after leaving, want empty", v)
	}
	d.Press("ctrl+c")
	if !d.Quit {
		t.Error("ctrl+c on the research side did not quit")
	}
}

func TestKioskNeedsPIN(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	if err := f.store.SetSetting(ctx, tui.SettingPINHash, ""); err != nil {
		t.Fatal(err)
	}
	d := tui.NewDriver(t, f.config(f.store), 80, 24)
	d.StartKiosk(f.round.ID, f.school.ID)
	requirePhase(t, d, "fatal")
	requireScreen(t, d, "Er is nog geen pincode ingesteld")
	d.Press("esc")
	if d.State() != "research" {
		t.Fatalf("state %s, want research", d.State())
	}
}

func TestResumeAfterRestart(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	code := newRespondent(t, d)
	d.Press("1", "enter", "1", "enter", "2", "enter")
	requireItem(t, d, "betrokken_uitvoering")

	// The laptop restarts: a new root model on the same database.
	d2 := tui.NewDriver(t, f.config(f.store), 80, 24)
	if d2.State() != "kiosk" {
		t.Fatalf("after a restart state %s, want kiosk", d2.State())
	}
	requirePhase(t, d2, "resume")
	requireScreen(t, d2, "Er staat nog een vragenlijst open", "Verder met mijn code", "Nieuwe deelnemer")
	d2.Press("enter") // the code, not Enter, brings the answers back
	requirePhase(t, d2, "code")
	d2.Type(code)
	d2.Press("enter")
	requireItem(t, d2, "betrokken_uitvoering")
	requireScreen(t, d2, "Vraag 4 van 10")
	d2.Press("left")
	requireItem(t, d2, "betrokken_vraag")
	requireScreen(t, d2, "(●) Nee")

	// Again, now choosing a new participant: the open response stays.
	d3 := tui.NewDriver(t, f.config(f.store), 80, 24)
	requirePhase(t, d3, "resume")
	d3.ClickText("Nieuwe deelnemer")
	requirePhase(t, d3, "welcome")
	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != survey.InProgress {
		t.Errorf("status %s, want in progress", r.Status)
	}
	if v, _, _ := f.store.Setting(ctx, tui.SettingKioskResponse); v != "" {
		t.Errorf("kiosk response setting = %q, want empty", v)
	}
	// Typing the code later resumes it.
	d3.Press("enter")
	d3.Type(code)
	d3.Press("enter")
	requireItem(t, d3, "betrokken_uitvoering")
}

func TestLanguage(t *testing.T) {
	f := newFixture(t, "collega")
	d := f.kiosk(t, 80, 24)
	d.Press("e")
	requireScreen(t, d, "Welcome", "Questionnaire for colleagues", "Nederlands")
	d.Press("n")
	requireScreen(t, d, "Welkom")
	newRespondent(t, d)
	d.Press("f2")
	requireScreen(t, d, "Question 1 of 5", "Do you know that a colleague", "Yes", "← Previous", "Next →")
	d.Press("enter")
	requireScreen(t, d, "This question is required")
	d.Press("f2")
	requireScreen(t, d, "Vraag 1 van 5")
}

// failingStore refuses to save answers while fail is set.
type failingStore struct {
	*storage.Store
	fail bool
}

func (s *failingStore) SaveAnswer(ctx context.Context, id string, a survey.Answer, cleared []string, role string) error {
	if s.fail {
		return errors.New("disk I/O error")
	}
	return s.Store.SaveAnswer(ctx, id, a, cleared, role)
}

func TestSaveFailureKeepsTheScreen(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, "collega")
	fs := &failingStore{Store: f.store}
	d := tui.NewDriver(t, f.config(fs), 80, 24)
	d.StartKiosk(f.round.ID, f.school.ID)
	code := newRespondent(t, d)
	fs.fail = true
	d.Press("1", "enter")
	requireItem(t, d, "kent_deelnemer")
	requireScreen(t, d, "Uw antwoord kon niet worden opgeslagen. Roep de onderzoeker erbij.", "disk I/O error", "(●) Ja")
	fs.fail = false
	d.Press("enter") // the same answer again: now it is stored
	requireItem(t, d, "weet_onderwerp")
	r, err := f.store.ResponseFor(ctx, f.round.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.store.Answers(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ItemID != "kent_deelnemer" || got[0].Value.Number != 1 {
		t.Errorf("stored %+v, want kent_deelnemer = 1", got)
	}
}

func TestCodeScreenKeysAndSmallTerminal(t *testing.T) {
	f := newFixture(t, "cultuursurvey")
	d := f.kiosk(t, 80, 24)
	newRespondent(t, d)
	for _, size := range [][2]int{{80, 24}, {60, 16}, {120, 40}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(d.Screen(), "\n")
		if len(lines) > size[1] {
			t.Errorf("%dx%d: %d lines on screen", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := len([]rune(l)); w > size[0] {
				t.Errorf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, l)
			}
		}
		requireScreen(t, d, "Volgende →", "Vorige")
	}
}

func TestGoldenQuestion(t *testing.T) {
	for _, lang := range []string{"nl", "en"} {
		t.Run(lang, func(t *testing.T) {
			f := newFixture(t, "collega")
			d := f.kiosk(t, 80, 24)
			newRespondent(t, d)
			d.Press("1", "enter", "1", "enter", "1", "enter", "2", "enter")
			requireItem(t, d, "vertelt")
			d.Press("4")
			if lang == "en" {
				d.Press("f2")
			}
			var buf bytes.Buffer
			w := colorprofile.NewWriter(&buf, nil)
			w.Profile = colorprofile.ANSI
			if _, err := w.Write([]byte(d.M.View().Content)); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, buf.Bytes())
		})
	}
}
