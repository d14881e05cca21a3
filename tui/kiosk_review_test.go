package tui_test

import (
	"bytes"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"peil/tui"
)

// requireGolden compares the screen, in plain ANSI colours, with the
// test's golden file (go test -update rewrites it).
func requireGolden(t *testing.T, d *tui.Driver) {
	t.Helper()
	var buf bytes.Buffer
	w := colorprofile.NewWriter(&buf, nil)
	w.Profile = colorprofile.ANSI
	if _, err := w.Write([]byte(d.M.View().Content)); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, buf.Bytes())
}

// toReview answers every question of the culture survey with 3 (or
// nothing, on a text question) until the review screen shows.
func toReview(t *testing.T, d *tui.Driver) {
	t.Helper()
	for range 100 {
		if d.Phase() == "review" {
			return
		}
		d.Press("3", "enter")
	}
	t.Fatalf("no review screen after 100 answers:\n%s", d.Screen())
}

// The review screen: its title and how to change an answer stay on
// screen, the keys are named, the list scrolls with the wheel, Home and
// End, and after a change the cursor is back on the changed question.
func TestReviewScreen(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		t.Run(strings.Join([]string{itoa(size[0]), itoa(size[1])}, "x"), func(t *testing.T) {
			f := newFixture(t, "cultuursurvey")
			d := f.kiosk(t, size[0], size[1])
			newRespondent(t, d)
			toReview(t, d)
			requireScreen(t, d, "Uw antwoorden", "Kies met ↑/↓ een vraag en druk op Enter",
				"▼ meer hieronder", "↑/↓ vraag kiezen", "enter versturen", "Versturen")
			refuteScreen(t, d, "▲ meer hierboven", "› ")
			if size[0] == 80 {
				requireGolden(t, d)
			}

			d.Send(tea.MouseWheelMsg{Button: tea.MouseWheelUp}) // from Versturen to the last question
			requireScreen(t, d, "▲ meer hierboven", "Uw antwoorden", "enter antwoord wijzigen")
			refuteScreen(t, d, "▼ meer hieronder")
			d.Press("home")
			requireScreen(t, d, "› Wat is uw functie", "▼ meer hieronder")
			d.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
			d.Send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
			d.Press("enter")
			requirePhase(t, d, "question")
			item := d.CurrentItem()
			d.Press("5", "enter")
			requirePhase(t, d, "review")
			line := ""
			for _, l := range strings.Split(d.Screen(), "\n") {
				if strings.Contains(l, "› ") {
					line = l
				}
			}
			if !strings.Contains(line, "Helemaal mee eens") {
				t.Errorf("after changing %s the cursor is on %q, want the changed question", item, line)
			}
			d.Press("end")
			requireScreen(t, d, "enter versturen")
			refuteScreen(t, d, "› ")
			// ↓ on Versturen goes round to the first question (it did
			// nothing, and the next Enter sent the answers), ↑ back.
			d.Press("down")
			requireScreen(t, d, "› Wat is uw functie")
			d.Press("up")
			requireScreen(t, d, "enter versturen")
			refuteScreen(t, d, "› ")
		})
	}
}

func itoa(n int) string {
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// At 60x20 a question whose options do not all fit says there is more
// below (it used to drop "0 ( ) Weet ik niet" silently).
func TestSmallScreenSaysThereIsMore(t *testing.T) {
	f := newFixture(t, "cultuursurvey")
	d := f.kiosk(t, 60, 20)
	newRespondent(t, d)
	d.Press("3", "enter") // the role; then the statements
	hinted := false
	for range 10 {
		s := d.Screen()
		if !strings.Contains(s, "Weet ik niet") {
			requireScreen(t, d, "▼ meer hieronder")
			hinted = true
			d.Press("0") // choosing it scrolls it into view
			requireScreen(t, d, "› 0 (●) Weet ik niet", "▲ meer hierboven")
			requireGolden(t, d)
			break
		}
		d.Press("3", "enter")
	}
	if !hinted {
		t.Fatalf("every question fit at 60x20; the test needs one that does not:\n%s", d.Screen())
	}
}
