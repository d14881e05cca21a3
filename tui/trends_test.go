package tui

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"peil/analysis"
	"peil/survey"
)

// updater is a screen, as the TUI's pages are: its Update changes it in
// place and returns a command.
type updater interface {
	Update(tea.Msg) tea.Cmd
}

// screenDriver drives one screen the way Bubble Tea would: it sends
// messages to Update and runs the commands that come back, depth first,
// recording every message; commands that only wait (ticks, the cursor's
// blink) are not run.
type screenDriver[T updater] struct {
	t    *testing.T
	m    T
	msgs []tea.Msg
}

func (d *screenDriver[T]) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil || waits(cmd) {
		return
	}
	msg := cmd()
	if msg == nil {
		return
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			d.run(c)
		}
		return
	}
	// tea.Sequence's message is an unexported []tea.Cmd.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().ConvertibleTo(cmdSliceType) {
		for _, c := range v.Convert(cmdSliceType).Interface().([]tea.Cmd) {
			d.run(c)
		}
		return
	}
	d.send(msg)
}

var cmdSliceType = reflect.TypeFor[[]tea.Cmd]()

func (d *screenDriver[T]) send(msg tea.Msg) {
	d.t.Helper()
	d.msgs = append(d.msgs, msg)
	d.run(d.m.Update(msg))
}

func (d *screenDriver[T]) press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.send(keyPress(k))
	}
}

// demoInstruments is a small culture survey: version 1 has two scales,
// version 2 (the third round) adds item h4 to the second.
func demoInstruments() (v1, v2 *survey.Instrument) {
	mk := func(version int) *survey.Instrument {
		in := &survey.Instrument{ID: "cultuur", Version: version,
			Title: survey.Text{survey.Dutch: "Cultuursurvey", survey.English: "School culture survey"}}
		items := []survey.Item{}
		add := func(id, nl, en string) {
			items = append(items, survey.Item{ID: id, Type: survey.Likert, DontKnow: true, Text: survey.Text{survey.Dutch: nl, survey.English: en}})
		}
		add("l1", "De leiding stelt vragen", "Leaders ask questions")
		add("l2", "De leiding deelt onderzoek", "Leaders share research")
		add("l3", "De leiding geeft tijd", "Leaders give time")
		add("h1", "Ik zoek naar oorzaken", "I look for causes")
		add("h2", "Ik probeer iets nieuws", "I try new things")
		add("h3", "Ik blijf bij wat ik ken", "I stick to what I know")
		houding := survey.Scale{ID: "houding", Name: survey.Text{survey.Dutch: "Onderzoekende houding", survey.English: "Inquiring attitude"},
			Items: []string{"h1", "h2", "h3"}, Reversed: []string{"h3"}}
		if version > 1 {
			add("h4", "Ik lees over onderwijs", "I read about teaching")
			houding.Items = append(houding.Items, "h4")
		}
		in.Scales = []survey.Scale{
			{ID: "leiderschap", Name: survey.Text{survey.Dutch: "Onderzoekend leiderschap", survey.English: "Inquiring leadership"},
				Items: []string{"l1", "l2", "l3"}},
			houding,
		}
		in.Sections = []survey.Section{{ID: "s", Items: items}}
		return in
	}
	return mk(1), mk(2)
}

// addDemoRounds adds the demo's three rounds to d: two of v1, the third
// of v2.
func addDemoRounds(t testing.TB, d *analysis.Dataset, v1, v2 *survey.Instrument) {
	t.Helper()
	for i, name := range []string{"nulmeting", "meting 2", "meting 3"} {
		in := v1
		if i == 2 {
			in = v2
		}
		if _, err := d.AddRound(name, in); err != nil {
			t.Fatal(err)
		}
	}
}

// demoDataset is demo-like data: three workplaces of realistic size with
// a modest upward trend, and KWP with three respondents a round (always
// suppressed).
func demoDataset(t testing.TB) *analysis.Dataset {
	t.Helper()
	v1, v2 := demoInstruments()
	d := analysis.NewDataset(600)
	addDemoRounds(t, d, v1, v2)
	rng := rand.New(rand.NewPCG(7, 7))
	// KWP is too small to show; ROT, the smallest other workplace, is
	// then hidden too, so that KWP cannot be found from the total.
	sizes := map[string]int{"WOA": 44, "POINT": 60, "WOU": 50, "KWP": 3, "ROT": 20}
	for _, wp := range []string{"KWP", "POINT", "ROT", "WOA", "WOU"} {
		base := map[string]float64{"WOA": 3.0, "POINT": 3.3, "WOU": 2.8, "KWP": 3, "ROT": 3}[wp]
		for r := range 3 {
			for p := range sizes[wp] {
				role := survey.RoleTeacher
				if p%5 == 0 {
					role = survey.RoleTeacherResearcher
				}
				vals := make([]int8, d.NumItems())
				for i := range vals {
					x := base + 0.2*float64(r) + rng.NormFloat64()*0.9
					if i == 5 { // h3 is reverse-worded
						x = 6 - x
					}
					vals[i] = int8(min(5, max(1, math.Round(x))))
					if rng.Float64() < 0.06 {
						vals[i] = analysis.DontKnow
					}
				}
				if r < 2 {
					vals = vals[:6]
				}
				err := d.Add(analysis.Response{Round: r, Workplace: wp, School: wp + "-01", Role: role, Values: vals})
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return d
}

// newTrendsDriver opens the trends screen on d through a LoadTrends that
// computes the report as cmd/peil's does, with a target for leadership.
func newTrendsDriver(t *testing.T, lang survey.Lang, d *analysis.Dataset, w, h int) *screenDriver[*trends] {
	t.Helper()
	v1, v2 := demoInstruments()
	cfg := Config{
		Lang:      lang,
		Catalogue: []*survey.Instrument{v1, v2},
		Backend: trendsFunc(func(ctx context.Context, studyID, instrumentID string, opts ...analysis.Option) (*analysis.Report, error) {
			if studyID != "s1" || instrumentID != "cultuur" {
				return nil, fmt.Errorf("unexpected study %q, instrument %q", studyID, instrumentID)
			}
			opts = append(opts, analysis.WithTargets(map[string]float64{"leiderschap": 3.5}))
			return analysis.Trends(d, opts...)
		}),
	}
	study := survey.Study{ID: "s1", Code: "DEMO", Title: "Demo", MinGroupSize: 5}
	rounds := []survey.Round{
		{ID: "r1", Name: "nulmeting", InstrumentID: "cultuur", InstrumentVersion: 1},
		{ID: "r2", Name: "meting 2", InstrumentID: "cultuur", InstrumentVersion: 1},
		{ID: "r3", Name: "meting 3", InstrumentID: "cultuur", InstrumentVersion: 2},
	}
	dr := &screenDriver[*trends]{t: t, m: newTrends(context.Background(), cfg, NewStyles(true), study, rounds)}
	dr.m.SetSize(w, h)
	init := dr.m.Init()
	if v := plain(dr.m.View()); !strings.Contains(v, dr.m.txt.Computing) {
		t.Errorf("while computing, the screen shows no %q:\n%s", dr.m.txt.Computing, v)
	}
	dr.run(init)
	return dr
}

// plain strips the styling from a view.
func plain(s string) string { return ansi.Strip(s) }

// cellText is what the table shows for group wp's cell in round r of
// measure id: mean, change and d formatted in the screen's language.
func expectRow(t *testing.T, m *trends, id, wp string, r int) (mean, diff, d string) {
	t.Helper()
	ms, ok := m.report().Measure(id)
	if !ok {
		t.Fatalf("no measure %s", id)
	}
	for g, grp := range m.report().Groups {
		if grp.Workplace == wp && grp.Sub == "" {
			c := ms.Cells[g][r]
			if c.Status != analysis.Shown {
				t.Fatalf("%s round %d is %s", wp, r, c.Status)
			}
			if c.Change.Status != analysis.Compared {
				return m.txt.num(c.Mean, 2), "", ""
			}
			return m.txt.num(c.Mean, 2), m.txt.signed(c.Change.Diff, 2), m.txt.signed(c.Change.D, 2)
		}
	}
	t.Fatalf("no group %s", wp)
	return
}

// line returns the view's table row of the group label: the line that
// starts with a chart marker (or two spaces) and the label.
func line(view, label string) string {
	for _, l := range strings.Split(view, "\n") {
		r := []rune(l)
		if len(r) > 2 && (strings.ContainsRune(string(chartMarkers[:]), r[0]) || r[0] == ' ') && r[1] == ' ' &&
			strings.HasPrefix(string(r[2:]), label+" ") {
			return l
		}
	}
	return ""
}

func TestTrendsShowsWorkplacesMeansAndChanges(t *testing.T) {
	for _, tc := range []struct {
		lang      survey.Lang
		decimal   string
		otherMark string
	}{
		{survey.Dutch, ",", "."},
		{survey.English, ".", ","},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			d := newTrendsDriver(t, tc.lang, demoDataset(t), 80, 24)
			v := plain(d.m.View())
			for _, wp := range []string{"WOA", "POINT", "WOU"} {
				row := line(v, wp)
				if row == "" {
					t.Fatalf("no table row for %s:\n%s", wp, v)
				}
				mean0, _, _ := expectRow(t, d.m, "leiderschap", wp, 0)
				mean2, diff2, d2 := expectRow(t, d.m, "leiderschap", wp, 2)
				for _, want := range []string{mean0, mean2, diff2, d2} {
					if !strings.Contains(row, want) {
						t.Errorf("%s row %q lacks %q", wp, row, want)
					}
				}
				if !strings.Contains(mean0, tc.decimal) || strings.Contains(mean0, tc.otherMark) {
					t.Errorf("mean %q is not written with %q", mean0, tc.decimal)
				}
			}
			// The table shows the first round and as many of the last as
			// fit in 80 columns.
			shown := len(tableRounds(3, 80-10))
			if rot := line(v, "ROT"); strings.Count(rot, "< 5") != shown {
				t.Errorf("ROT, the smallest shown workplace, should be hidden with KWP: %q", rot)
			}
			kwp := line(v, "KWP")
			if strings.Count(kwp, "< 5") != shown {
				t.Errorf("KWP (3 respondents a round) should show < 5 in every round: %q", kwp)
			}
			if strings.ContainsAny(strings.ReplaceAll(kwp, "< 5", ""), "0123456789") {
				t.Errorf("the suppressed KWP row shows a statistic: %q", kwp)
			}
			target := fmt.Sprintf(d.m.txt.Target, d.m.txt.num(3.5, 2))
			if !strings.Contains(v, target) || !strings.Contains(v, "┄") {
				t.Errorf("the target %q is not shown:\n%s", target, v)
			}
			assertFits(t, d.m.View(), 80, 24)
		})
	}
}

// assertFits checks that a view has exactly h lines of at most w cells.
func assertFits(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, n, w, plain(l))
		}
	}
}

func TestTrendsMergedRoleAndScale(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, demoDataset(t), 80, 24)
	d.press("s")
	v := plain(d.m.View())
	if line(v, "Alle") == "" || line(v, "WOA") != "" {
		t.Errorf("merged shows not only the merged row:\n%s", v)
	}
	mean, _, _ := func() (string, string, string) {
		ms, _ := d.m.report().Measure("leiderschap")
		return d.m.txt.num(ms.Cells[0][0].Mean, 2), "", ""
	}()
	if !strings.Contains(line(v, "Alle"), mean) {
		t.Errorf("merged row %q lacks the merged mean %s", line(v, "Alle"), mean)
	}
	d.press("s", "r")
	v = plain(d.m.View())
	if !strings.Contains(v, "rol: "+survey.RoleTeacher) {
		t.Errorf("role filter not shown:\n%s", v)
	}
	ms, _ := d.m.report().Measure("leiderschap")
	for g, grp := range d.m.report().Groups {
		if grp.Workplace == "WOA" && grp.Sub == survey.RoleTeacher {
			want := d.m.txt.num(ms.Cells[g][0].Mean, 2)
			if !strings.Contains(line(v, "WOA"), want) {
				t.Errorf("WOA row for teachers %q lacks %s", line(v, "WOA"), want)
			}
		}
	}
	d.press("r", "r", "down")
	v = plain(d.m.View())
	if !strings.Contains(v, "rol: alle") || !strings.Contains(v, "› Onderzoekende hou") {
		t.Errorf("after cycling the roles and going down, expected all roles and the second scale:\n%s", v)
	}
}

func TestTrendsItemsDrillDown(t *testing.T) {
	for _, tc := range []struct {
		lang             survey.Lang
		dontKnow, noPrev string
	}{
		{survey.Dutch, "Weet ik niet", "nieuw: geen eerdere meting"},
		{survey.English, "Don't know", "new: no earlier round"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			d := newTrendsDriver(t, tc.lang, demoDataset(t), 80, 40)
			d.press("down", "enter")
			v := plain(d.m.View())
			if !strings.Contains(v, tc.dontKnow) {
				t.Errorf("no legend with %q:\n%s", tc.dontKnow, v)
			}
			if !strings.Contains(v, "\nh4 ") || !strings.Contains(v, tc.noPrev) {
				t.Errorf("h4 is not marked %q:\n%s", tc.noPrev, v)
			}
			// The first workplace's h1 in the first round: its "don't
			// know" share beside its bar.
			ms, _ := d.m.report().Measure("h1")
			g := d.m.rows()[d.m.group]
			if d.m.groupLabel(g) != "POINT" {
				t.Errorf("the drill-down starts at %s, want POINT, the first group shown", d.m.groupLabel(g))
			}
			c := ms.Cells[g][0]
			want := d.m.txt.DontKnowShort + " " + d.m.txt.percent(c.DontKnow)
			if c.DontKnow == 0 || !strings.Contains(v, want) {
				t.Errorf("no %q (h1, %s, first round):\n%s", want, d.m.groupLabel(g), v)
			}
			if !strings.Contains(v, string(barFills[5])) || !strings.Contains(v, string(barFills[4])) {
				t.Errorf("bars lack the fill characters:\n%s", v)
			}
			d.press("tab")
			if !strings.Contains(plain(d.m.View()), "· ROT") {
				t.Errorf("tab did not move to the next group:\n%s", plain(d.m.View()))
			}
			d.press("esc")
			if d.m.drill {
				t.Error("esc did not leave the drill-down")
			}
			d.press("esc")
			if _, ok := d.msgs[len(d.msgs)-1].(closeScreenMsg); !ok {
				t.Errorf("esc on the chart did not close the screen: %T", d.msgs[len(d.msgs)-1])
			}
		})
	}
}

func TestTrendsErrorsAndMissingLoader(t *testing.T) {
	study := survey.Study{ID: "s1", Code: "DEMO"}
	rounds := []survey.Round{{ID: "r1", Name: "nulmeting", InstrumentID: "cultuur"}}
	m := newTrends(context.Background(), Config{}, NewStyles(true), study, rounds)
	m.Init()
	if v := plain(m.View()); !strings.Contains(v, m.txt.NotAvailable) {
		t.Errorf("without LoadTrends:\n%s", v)
	}
	cfg := Config{Backend: trendsFunc(func(context.Context, string, string, ...analysis.Option) (*analysis.Report, error) {
		return nil, fmt.Errorf("database is locked")
	})}
	d := &screenDriver[*trends]{t: t, m: newTrends(context.Background(), cfg, NewStyles(true), study, rounds)}
	d.run(d.m.Init())
	if v := plain(d.m.View()); !strings.Contains(v, "database is locked") {
		t.Errorf("the loader's error is not shown:\n%s", v)
	}
	m = newTrends(context.Background(), cfg, NewStyles(true), study, nil)
	if v := plain(m.View()); !strings.Contains(v, m.txt.NoInstruments) {
		t.Errorf("without rounds:\n%s", v)
	}
}

func TestTrendsFitsEverySize(t *testing.T) {
	nat, err := analysis.Synthetic(analysis.SyntheticConfig{Seed: 3, Workplaces: 12, SchoolsPerWorkplace: 2, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range [][2]int{{80, 24}, {100, 30}, {140, 50}, {60, 16}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			d := newSyntheticDriver(t, nat, size[0], size[1])
			assertFits(t, d.m.View(), size[0], size[1])
			d.press("pgdown")
			assertFits(t, d.m.View(), size[0], size[1])
			d.press("enter", "pgdown")
			assertFits(t, d.m.View(), size[0], size[1])
		})
	}
}

// newSyntheticDriver opens the trends screen on a synthetic dataset.
func newSyntheticDriver(t testing.TB, d *analysis.Dataset, w, h int) *screenDriver[*trends] {
	v1, v2 := analysis.SyntheticInstruments(analysis.SyntheticConfig{Scales: 3, ItemsPerScale: 4})
	cfg := Config{
		Catalogue: []*survey.Instrument{v1, v2},
		Backend: trendsFunc(func(_ context.Context, _, _ string, opts ...analysis.Option) (*analysis.Report, error) {
			return analysis.Trends(d, opts...)
		}),
	}
	var rounds []survey.Round
	for i, name := range d.Rounds() {
		rounds = append(rounds, survey.Round{ID: fmt.Sprint(i), Name: name, InstrumentID: v1.ID})
	}
	tt, _ := t.(*testing.T)
	dr := &screenDriver[*trends]{t: tt, m: newTrends(context.Background(), cfg, NewStyles(true), survey.Study{ID: "s", Code: "NAT"}, rounds)}
	dr.m.SetSize(w, h)
	dr.run(dr.m.Init())
	return dr
}

func TestTrendsGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		lang    survey.Lang
		profile colorprofile.Profile
		keys    []string
	}{
		{"nl-ansi256", survey.Dutch, colorprofile.ANSI256, nil},
		{"nl-nocolor", survey.Dutch, colorprofile.Ascii, nil},
		{"en-nocolor", survey.English, colorprofile.Ascii, nil},
		{"nl-items-nocolor", survey.Dutch, colorprofile.Ascii, []string{"down", "enter"}},
		{"nl-items-ansi256", survey.Dutch, colorprofile.ANSI256, []string{"down", "enter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newTrendsDriver(t, tc.lang, demoDataset(t), 80, 24)
			d.press(tc.keys...)
			var b bytes.Buffer
			w := &colorprofile.Writer{Forward: &b, Profile: tc.profile}
			if _, err := w.WriteString(d.m.View()); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

// TestTrendsManyGroupsGolden: 25 workplaces at 80x24, the first page and
// the second (→): the filter line says which are shown; the list to pick
// from (g) and the two picked groups.
func TestTrendsManyGroupsGolden(t *testing.T) {
	nat, err := analysis.Synthetic(analysis.SyntheticConfig{Seed: 3, Workplaces: 25, SchoolsPerWorkplace: 2, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		pages int
		keys  []string
	}{
		{"first-page", 0, nil},
		{"second-page", 1, nil},
		{"pick-list", 0, []string{"g", "down", "x", "down", "down", "x"}},
		{"picked", 0, []string{"g", "down", "x", "down", "down", "x", "enter"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newSyntheticDriver(t, nat, 80, 24)
			for range tc.pages {
				d.send(tea.KeyPressMsg{Code: tea.KeyRight})
			}
			d.press(tc.keys...)
			var b bytes.Buffer
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
			if _, err := w.WriteString(d.m.View()); err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, b.String())
		})
	}
}

// chartLines returns the chart's plot rows of a main view: the lines
// between the filter line and the axis.
func chartLines(view string) []string {
	lines := strings.Split(view, "\n")
	var out []string
	for _, l := range lines[2:] {
		if strings.Contains(l, "└") {
			break
		}
		out = append(out, l)
	}
	return out
}

// TestTrendsCloseGroupsAllShow: every shown mean of every group in view has
// its marker in the chart, also when groups lie close together (a marker
// that would cover another moves beside it), and the lines are drawn in
// braille dots.
func TestTrendsCloseGroupsAllShow(t *testing.T) {
	nat, err := analysis.Synthetic(analysis.SyntheticConfig{Seed: 3, Workplaces: 25, SchoolsPerWorkplace: 2, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		d    *analysis.Dataset
		new  func(t *testing.T, d *analysis.Dataset) *screenDriver[*trends]
	}{
		{"demo", demoDataset(t), func(t *testing.T, d *analysis.Dataset) *screenDriver[*trends] {
			return newTrendsDriver(t, survey.Dutch, d, 80, 24)
		}},
		{"25 workplaces", nat, func(t *testing.T, d *analysis.Dataset) *screenDriver[*trends] {
			return newSyntheticDriver(t, d, 80, 24)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.new(t, tc.d)
			for page := 0; page < 5; page++ {
				v := plain(d.m.View())
				plot := strings.Join(chartLines(v), "\n")
				ms := d.m.scaleMeasures()[d.m.scale]
				rows := d.m.rows()
				inView := rows[d.m.offset:min(len(rows), d.m.offset+d.m.perPage)]
				for i, g := range inView {
					want := 0
					for _, c := range ms.Cells[g] {
						if c.Status == analysis.Shown {
							want++
						}
					}
					if got := strings.Count(plot, string(chartMarkers[i])); got != want {
						t.Errorf("page %d: %s has %d markers in the chart, want %d (one per shown round):\n%s", page, d.m.groupLabel(g), got, want, plot)
					}
				}
				if !strings.ContainsFunc(plot, func(r rune) bool { return r > 0x2800 && r <= 0x28ff }) {
					t.Errorf("the lines are not drawn in braille:\n%s", plot)
				}
				d.send(tea.KeyPressMsg{Code: tea.KeyRight})
			}
		})
	}
}

// TestTrendsPagesThroughGroups: with more workplaces than the chart has
// markers, the screen says which are shown and ←/→ pages through them;
// the chart and the table show the same groups.
func TestTrendsPagesThroughGroups(t *testing.T) {
	nat, err := analysis.Synthetic(analysis.SyntheticConfig{Seed: 3, Workplaces: 25, SchoolsPerWorkplace: 2, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	d := newSyntheticDriver(t, nat, 80, 24)
	steps := []struct {
		key  tea.KeyPressMsg
		says string
		wps  []string
	}{
		{tea.KeyPressMsg{}, "1–6 van 25 werkplaatsen · ←/→ of g voor meer", []string{"W01", "W06"}},
		{tea.KeyPressMsg{Code: tea.KeyRight}, "7–12 van 25 werkplaatsen", []string{"W07", "W12"}},
		{tea.KeyPressMsg{Code: tea.KeyRight}, "13–18 van 25 werkplaatsen", []string{"W13", "W18"}},
		{tea.KeyPressMsg{Code: tea.KeyLeft}, "7–12 van 25 werkplaatsen", []string{"W07", "W12"}},
	}
	for i, st := range steps {
		if i > 0 {
			d.send(st.key)
		}
		v := plain(d.m.View())
		if !strings.Contains(v, st.says) {
			t.Errorf("step %d: the screen does not say %q:\n%s", i, st.says, v)
		}
		for _, wp := range st.wps {
			if line(v, wp) == "" || !strings.Contains(v, "  "+wp) && !strings.Contains(v, " "+wp+" ") {
				t.Errorf("step %d: %s is not in the table and legend:\n%s", i, wp, v)
			}
		}
	}
	for range 10 {
		d.send(tea.KeyPressMsg{Code: tea.KeyRight})
	}
	if v := plain(d.m.View()); !strings.Contains(v, "20–25 van 25 werkplaatsen") {
		t.Errorf("paging past the end does not stop at the last page:\n%s", v)
	}
	var help []string
	for _, b := range d.m.ShortHelp() {
		help = append(help, b.Help().Key)
	}
	if !slices.Contains(help, "←/→") {
		t.Errorf("the help does not offer ←/→: %v", help)
	}
}

// TestTrendsInstrumentKeyOnlyWithTwo: "i vragenlijst" is offered (in the
// filter line and the help) only when the study's rounds use two or more
// instruments.
func TestTrendsInstrumentKeyOnlyWithTwo(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, demoDataset(t), 80, 24)
	offered := func(m *trends) bool {
		for _, b := range m.ShortHelp() {
			if b.Enabled() && b.Help().Key == "i" {
				return true
			}
		}
		for _, row := range m.FullHelp() {
			for _, b := range row {
				if b.Enabled() && b.Help().Key == "i" {
					return true
				}
			}
		}
		return false
	}
	if offered(d.m) || strings.Contains(plain(d.m.View()), "i vragenlijst") {
		t.Errorf("with one instrument, i is offered:\n%s", plain(d.m.View()))
	}
	rounds := []survey.Round{{ID: "r1", Name: "a", InstrumentID: "cultuur"}, {ID: "r2", Name: "b", InstrumentID: "collega"}}
	two := newTrends(context.Background(), d.m.cfg, NewStyles(true), survey.Study{ID: "s1", Code: "DEMO"}, rounds)
	if !offered(two) || !strings.Contains(plain(two.View()), "i vragenlijst 1/2") {
		t.Errorf("with two instruments, i is not offered:\n%s", plain(two.View()))
	}
}

// TestTrendsAlpha: the table shows each group's alpha per round, marks a
// low one and explains the mark.
func TestTrendsAlpha(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, demoDataset(t), 100, 30)
	v := plain(d.m.View())
	ms := d.m.scaleMeasures()[0]
	for g, grp := range d.m.report().Groups {
		if grp.Workplace != "WOA" || grp.Sub != "" {
			continue
		}
		row := line(v, "WOA")
		for r := range d.m.report().Rounds {
			c := ms.Cells[g][r]
			want := d.m.txt.num(c.Alpha, 2)
			if c.Alpha < 0 {
				want = "−" + d.m.txt.num(-c.Alpha, 2)
			}
			if c.IsLowAlpha() {
				want += "!"
			}
			if c.AlphaN == 0 || !strings.Contains(row, want) {
				t.Errorf("round %d: WOA row %q lacks alpha %q", r, row, want)
			}
		}
	}
	if !strings.Contains(v, "! α onder 0,70: lage betrouwbaarheid") {
		t.Errorf("no note on low reliability:\n%s", v)
	}
}

// TestTrendsPickGroups: g opens the list of workplaces; space chooses
// (at most six), enter shows the chosen ones in the chart and table, and
// the filter line says how many of how many; choosing none shows pages
// again.
func TestTrendsPickGroups(t *testing.T) {
	nat, err := analysis.Synthetic(analysis.SyntheticConfig{Seed: 3, Workplaces: 25, SchoolsPerWorkplace: 2, Rounds: 3, StaffPerSchool: 12, Scales: 3, ItemsPerScale: 4})
	if err != nil {
		t.Fatal(err)
	}
	d := newSyntheticDriver(t, nat, 80, 24)
	d.press("g")
	if !d.m.picking || !strings.Contains(plain(d.m.View()), "Kies de werkplaatsen") {
		t.Fatalf("g did not open the list:\n%s", plain(d.m.View()))
	}
	// W02, W10 and W25.
	d.press("down", "x")
	for range 8 {
		d.press("down")
	}
	d.press("x")
	for range 15 {
		d.press("down")
	}
	d.press("x")
	v := plain(d.m.View())
	if len(d.m.picked) != 3 || !strings.Contains(v, "[x] W25") {
		t.Errorf("three chosen, %d are:\n%s", len(d.m.picked), v)
	}
	d.press("enter")
	v = plain(d.m.View())
	if d.m.picking || !strings.Contains(v, "3 gekozen van 25 werkplaatsen") {
		t.Errorf("after enter, the screen does not say 3 chosen:\n%s", v)
	}
	for _, wp := range []string{"W02", "W10", "W25"} {
		if line(v, wp) == "" {
			t.Errorf("%s is not in the table:\n%s", wp, v)
		}
	}
	if line(v, "W01") != "" {
		t.Errorf("W01 was not chosen but is in the table:\n%s", v)
	}
	// Seven cannot be chosen: the chart has six markers.
	d.press("g")
	for range 20 {
		d.press("x", "down")
	}
	if n := len(d.m.picked); n != len(chartMarkers) {
		t.Errorf("%d chosen, want at most %d", n, len(chartMarkers))
	}
	// None chosen: pages again.
	d.m.picked = nil
	d.press("esc")
	if v := plain(d.m.View()); !strings.Contains(v, "1–6 van 25 werkplaatsen") {
		t.Errorf("with none chosen, the screen does not page:\n%s", v)
	}
}

// TestTrendsPickHandlesOnlyItsKeys: the list to pick from handles only
// keys its bindings declare, and its help names only those.
func TestTrendsPickHandlesOnlyItsKeys(t *testing.T) {
	d := newTrendsDriver(t, survey.Dutch, demoDataset(t), 80, 24)
	d.press("g")
	if !d.m.picking {
		t.Fatal("g did not open the list")
	}
	checkKeys(t, pageScreen("trends pick", d, false), d.m.ShortHelp())
}
