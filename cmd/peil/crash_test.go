package main

import (
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"peil/backend"
	"peil/storage"
	"peil/survey"
)

// The crash test: a real peil kiosk on a pseudo-terminal, answered as a
// person would, killed with SIGKILL at random moments. After every kill
// each answer the respondent saw accepted (the next screen showed) must be
// in the database with exactly the value given, and the kiosk must offer
// to resume at the first unanswered question.

var crashSeed = flag.Uint64("crash.seed", 0, "seed of the crash test's random choices; 0 picks a new one, which the test logs")

// peilBinary is the peil that TestMain builds for the tests that run it as
// a separate process (empty under -short).
var peilBinary string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "peil-crash-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "making a directory for the peil binary: %v\n", err)
		os.Exit(1)
	}
	peilBinary = filepath.Join(dir, "peil")
	if out, err := exec.Command("go", "build", "-o", peilBinary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building peil for the crash tests: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	defaultCrashKills = 50 // the test kills peil at least this often
	crashFinished     = 3  // and at least this many respondents send their answers
	crashPIN          = "4821"
)

// crashKills is how often the crash test kills peil: PEIL_CRASH_KILLS, or
// defaultCrashKills (go test ./cmd/peil -run KioskCrash with
// PEIL_CRASH_KILLS=1000 for the long run).
func crashKills(t testing.TB) int {
	v := os.Getenv("PEIL_CRASH_KILLS")
	if v == "" {
		return defaultCrashKills
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("PEIL_CRASH_KILLS=%q: want a whole number of kills, at least 1", v)
	}
	return n
}

func TestKioskCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test starts and kills peil on a pseudo-terminal some 60 times")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -crash.seed=%d)", seed, seed)
	start := time.Now()
	k := newCrashKiosk(t, rand.New(rand.NewPCG(seed, 0x9e11)))
	k.run()
	var kinds []string
	for w, n := range k.where {
		kinds = append(kinds, fmt.Sprintf("%d %s", n, w))
	}
	sort.Strings(kinds)
	t.Logf("%d kills (%s); %d answers confirmed on screen; of the answers killed right after Enter, %d were confirmed on screen first, %d stored unseen, %d not stored; %d resumes; %d respondents finished, %d left for another; %v",
		k.kills, strings.Join(kinds, ", "), k.confirmed, k.confirmedAtKill, k.pendingStored, k.pendingLost,
		k.resumed, k.finished, k.abandoned, time.Since(start).Round(time.Millisecond))
}

// respondent is what the test knows about one person at the kiosk.
type respondent struct {
	code string
	// answers are the confirmed answers: the kiosk showed the next screen
	// after them (or the database had them after a kill).
	answers map[string]survey.Value
	// pending is an answer whose Enter was pressed just before a kill:
	// the database may or may not have it.
	pending  *survey.Answer
	pos      int // the screen shown: an index into visible(), or len(visible()) for the review
	complete bool
}

// visible returns the items the respondent sees, given the answers (the
// role decides which items show).
func (r *respondent) visible(inst *survey.Instrument) []*survey.Item {
	var answers []survey.Answer
	for id, v := range r.answers {
		answers = append(answers, survey.Answer{ItemID: id, Value: v})
	}
	return survey.NewSession(inst, "", answers).VisibleItems()
}

// resumePos is where the respondent goes on: the item after the last one
// answered.
func (r *respondent) resumePos(inst *survey.Instrument) int {
	pos := 0
	for i, it := range r.visible(inst) {
		if _, ok := r.answers[it.ID]; ok {
			pos = i + 1
		}
	}
	return pos
}

// crashKiosk runs the crash test: the database, the peil running on it,
// and what has happened so far.
type crashKiosk struct {
	t       *testing.T
	rng     *rand.Rand
	limit   int // how often to kill peil (crashKills)
	db      string
	args    []string
	roundID string
	inst    *survey.Instrument
	p       *ptyPeil

	people        []*respondent
	cur           *respondent // at the kiosk now; nil at the welcome screen
	neverBegun    []string    // codes shown on the new code screen, then killed
	submitPending bool        // Versturen was pressed just before the kill
	clearPending  bool        // Nieuwe deelnemer was chosen; the kiosk clears its open response in the background

	kills, confirmed, confirmedAtKill, pendingStored, pendingLost, resumed, finished, abandoned int
	where                                                                                       map[string]int
	trail                                                                                       []string // what happened, for a failure's message
}

// note records a step for the failure message.
func (k *crashKiosk) note(format string, args ...any) {
	k.trail = append(k.trail, fmt.Sprintf(format, args...))
}

func newCrashKiosk(t *testing.T, rng *rand.Rand) *crashKiosk {
	t.Helper()
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "peil.db")
	// A study of its own with an empty open round, so that every response
	// in the round is one of this test's respondents.
	for _, args := range [][]string{
		{"study", "init", "--code", "crash", "--title", "Crash test"},
		{"workplace", "add", "--code", "WOA", "--name", "Werkplaats Onderwijsonderzoek Amsterdam"},
		{"school", "add", "--workplace", "WOA", "--code", "WOA-01", "--name", "De Regenboog"},
		{"round", "open", "--name", "Meting 2026", "--instrument", "cultuursurvey"},
	} {
		if out, errOut, code := peil(t, db, "", args...); code != 0 {
			t.Fatalf("peil %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
		}
	}
	if out, errOut, code := peil(t, db, crashPIN+"\n", "kiosk", "pin"); code != 0 {
		t.Fatalf("peil kiosk pin: exit %d\n%s%s", code, out, errOut)
	}
	st, err := storage.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := backend.New(st).FindStudy(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	round, ok, err := backend.New(st).FindRound(ctx, s, "Meting 2026")
	if err != nil || !ok {
		t.Fatalf("the crash study has no round Meting 2026: %v", err)
	}
	inst, err := st.Instrument(ctx, round.InstrumentID, round.InstrumentVersion)
	if err != nil {
		t.Fatal(err)
	}
	k := &crashKiosk{limit: crashKills(t),
		t: t, rng: rng, db: db, roundID: round.ID, inst: inst,
		args:  []string{"--db", db, "kiosk", "--round", "Meting 2026", "--school", "WOA-01"},
		where: map[string]int{},
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the last steps:\n\t%s", strings.Join(k.trail[max(0, len(k.trail)-20):], "\n\t"))
		}
	})
	return k
}

// chance is true n times in m.
func (k *crashKiosk) chance(n, m int) bool { return k.rng.IntN(m) < n }

// killAt is true n times in m while the test still needs kills, so that
// once it has them the respondents finish quickly.
func (k *crashKiosk) killAt(n, m int) bool { return k.chance(n, m) && k.kills < k.limit }

func (k *crashKiosk) run() {
	k.p = startPeil(k.t, peilBinary, k.args...)
	k.p.waitText("Welkom", "Beginnen")
	for k.kills < k.limit || k.finished < crashFinished || k.cur != nil {
		if k.cur == nil {
			k.begin()
		} else {
			k.step()
		}
	}
	k.p.kill()
	k.check("the end")
}

// begin takes a new respondent from the welcome screen to the first
// question, with a new code.
func (k *crashKiosk) begin() {
	k.p.send("\r")
	k.p.waitText("Uw code", "Nieuwe code")
	k.p.send("\t") // from the field (Enter there is Verder) to Nieuwe code
	k.p.send("\r")
	s := k.p.waitText("Uw nieuwe code is:")
	code := codeOnScreen(s)
	if code == "" {
		k.t.Fatalf("no respondent code on the screen:\n%s", s)
	}
	if !k.clearPending && k.killAt(1, 20) {
		// Nobody began: no response may exist for this code.
		k.neverBegun = append(k.neverBegun, code)
		k.crash("on the new code screen")
		return
	}
	k.p.send("\r")
	r := &respondent{code: code, answers: map[string]survey.Value{}}
	k.people = append(k.people, r)
	k.cur = r
	k.waitPosition(r)
	k.clearPending = false
}

// step answers the current question or, at the review, sends the answers;
// at random moments it kills peil instead.
func (k *crashKiosk) step() {
	r := k.cur
	items := r.visible(k.inst)
	if r.pos >= len(items) {
		k.review()
		return
	}
	it := items[r.pos]
	keys, v := answerFor(k.rng, it)
	kind := k.rng.IntN(12)
	if k.kills >= k.limit {
		kind = -1
	}
	k.note("%s: question %d (%s): keys %q, %d", r.code, r.pos+1, it.ID, keys, kind)
	switch kind {
	case 0:
		k.crash("on a question")
		return
	case 1:
		if keys == "" {
			break
		}
		k.p.send(keys) // chosen but not confirmed: must not be stored
		k.crash("while typing")
		return
	case 2:
		// Killed between Enter and the next screen, or a little later:
		// after 0 to 3 writes of peil.
		k.p.send(keys)
		k.p.quiet()
		k.p.send("\r")
		if !it.IsEmpty(v) {
			r.answers[it.ID] = v // for the next position's texts
		}
		next := k.positionTexts(r, r.pos+1)
		k.p.waitOutput(k.rng.IntN(4), func(s string) bool { return showsPosition(s, next) })
		k.p.kill()
		if !it.IsEmpty(v) {
			r.pending = &survey.Answer{ItemID: it.ID, Value: v}
			if showsPosition(k.p.screen(), next) {
				// The next screen came before the kill: confirmed.
				r.pending = nil
				r.pos++
				k.confirmed++
				k.confirmedAtKill++
			} else {
				delete(r.answers, it.ID)
			}
		}
		k.crash("right after Enter")
		return
	}
	if keys != "" {
		k.p.send(keys)
	}
	k.p.send("\r")
	if !it.IsEmpty(v) {
		r.answers[it.ID] = v
	}
	r.pos++
	k.waitPosition(r)
	if !it.IsEmpty(v) {
		k.confirmed++
	}
}

// review sends the answers from the review screen.
func (k *crashKiosk) review() {
	r := k.cur
	kind := k.rng.IntN(4)
	if k.kills >= k.limit {
		kind = -1
	}
	switch kind {
	case 0:
		k.crash("on the review screen")
		return
	case 1:
		k.p.quiet()
		k.p.send("\r")
		thanks := func(s string) bool { return strings.Contains(s, "Hartelijk dank!") }
		k.p.waitOutput(k.rng.IntN(4), thanks)
		k.p.kill()
		if thanks(k.p.screen()) {
			// The thank-you screen came before the kill: sent.
			r.complete = true
			k.finished++
			k.cur = nil
		} else {
			k.submitPending = true
		}
		k.crash("right after Versturen")
		return
	}
	k.p.send("\r")
	k.p.waitText("Hartelijk dank!")
	r.complete = true
	k.finished++
	k.cur = nil
	if k.killAt(1, 4) {
		k.crash("on the thank-you screen")
		return
	}
	k.p.send("\r")
	k.p.waitText("Welkom", "Beginnen")
}

// waitPosition waits for the screen of r's position: its question, or the
// review.
func (k *crashKiosk) waitPosition(r *respondent) string {
	k.t.Helper()
	return k.p.waitText(k.positionTexts(r, r.pos)...)
}

// positionTexts returns texts that show that the screen is at position pos
// of r's questions (len(visible) is the review).
func (k *crashKiosk) positionTexts(r *respondent, pos int) []string {
	items := r.visible(k.inst)
	if pos >= len(items) {
		return []string{"Versturen"} // the review; its title may scroll away
	}
	return []string{fmt.Sprintf("Vraag %d van %d", pos+1, len(items)), textStart(items[pos].Text.Get(survey.Dutch))}
}

// showsPosition reports whether screen shows all of texts.
func showsPosition(screen string, texts []string) bool {
	for _, t := range texts {
		if !strings.Contains(screen, t) {
			return false
		}
	}
	return true
}

// crash kills peil, checks the database, and starts peil again.
func (k *crashKiosk) crash(where string) {
	k.note("kill %s", where)
	k.p.kill()
	k.kills++
	k.where[where]++
	k.check(fmt.Sprintf("kill %d (%s)", k.kills, where))
	k.restart()
}

// restart starts the kiosk again after a kill and expects it to offer the
// open response, which the respondent usually takes up again.
func (k *crashKiosk) restart() {
	k.p = startPeil(k.t, peilBinary, k.args...)
	r := k.cur
	if r == nil {
		k.p.waitText("Welkom", "Beginnen")
		return
	}
	k.p.waitText("Er staat nog een vragenlijst open", "Verder met mijn code", "Nieuwe deelnemer")
	switch {
	case k.killAt(1, 10):
		k.crash("on the resume prompt")
		return
	case k.chance(1, 25):
		// Someone else takes the laptop: the open response stays as it is.
		k.p.send("\t")
		k.p.send("\r")
		k.p.waitText("Welkom", "Beginnen")
		k.cur = nil
		k.clearPending = true
		k.abandoned++
		return
	}
	// Only the respondent's own code brings the answers back.
	k.p.send("\r")
	k.p.waitText("Uw code", "Nieuwe code")
	k.p.send(r.code + "\r")
	r.pos = r.resumePos(k.inst)
	k.note("%s: resume at %d", r.code, r.pos+1)
	k.waitPosition(r)
	k.resumed++
}

// check opens the database read-only, as after a power cut, and compares
// it with what the respondents were shown.
func (k *crashKiosk) check(when string) {
	t := k.t
	t.Helper()
	ctx := t.Context()
	st, err := storage.Open(ctx, k.db, storage.WithReadOnly())
	if err != nil {
		t.Fatalf("after %s the database does not open: %v", when, err)
	}
	defer st.Close()
	resps, err := st.Responses(ctx, k.roundID)
	if err != nil {
		t.Fatalf("after %s the responses cannot be read: %v", when, err)
	}
	byCode := map[string]survey.Response{}
	for _, r := range resps {
		if _, dup := byCode[r.RespondentCode]; dup {
			t.Errorf("after %s respondent %s has two responses", when, r.RespondentCode)
		}
		byCode[r.RespondentCode] = r
	}
	if len(resps) != len(k.people) {
		var codes []string
		for _, r := range resps {
			codes = append(codes, r.RespondentCode)
		}
		t.Errorf("after %s the round has %d responses (%s); %d respondents began", when, len(resps), strings.Join(codes, ", "), len(k.people))
	}
	for _, code := range k.neverBegun {
		if _, ok := byCode[code]; ok {
			t.Errorf("after %s there is a response for %s, who never began", when, code)
		}
	}
	for _, r := range k.people {
		resp, ok := byCode[r.code]
		if !ok {
			t.Errorf("after %s the response of %s is gone", when, r.code)
			continue
		}
		answers, err := st.Answers(ctx, resp.ID)
		if err != nil {
			t.Fatalf("after %s the answers of %s cannot be read: %v", when, r.code, err)
		}
		stored := map[string]survey.Value{}
		for _, a := range answers {
			stored[a.ItemID] = a.Value
		}
		for id, v := range r.answers {
			got, ok := stored[id]
			switch {
			case !ok:
				t.Errorf("after %s the confirmed answer %s = %v of %s is lost", when, id, v, r.code)
			case !got.Equal(v):
				t.Errorf("after %s answer %s of %s is %v; the respondent gave %v", when, id, r.code, got, v)
			}
		}
		for id, v := range stored {
			if _, ok := r.answers[id]; ok {
				continue
			}
			if r.pending != nil && r.pending.ItemID == id && r.pending.Value.Equal(v) {
				continue
			}
			t.Errorf("after %s response %s has answer %s = %v, which this respondent never gave", when, r.code, id, v)
		}
		if r.pending != nil {
			if v, ok := stored[r.pending.ItemID]; ok && v.Equal(r.pending.Value) {
				r.answers[r.pending.ItemID] = v
				k.pendingStored++
			} else {
				k.pendingLost++
			}
			r.pending = nil
		}
		if r == k.cur && k.submitPending && resp.Status == survey.Complete {
			// Versturen was pressed before the kill and got through.
			r.complete = true
			k.finished++
			k.cur = nil
		}
		if want := map[bool]survey.Status{true: survey.Complete, false: survey.InProgress}[r.complete]; resp.Status != want {
			t.Errorf("after %s the response of %s is %s; want %s", when, r.code, resp.Status, want)
		}
		if want := k.role(r); resp.Role != want {
			t.Errorf("after %s the response of %s has role %q; its answers give %q", when, r.code, resp.Role, want)
		}
	}
	k.submitPending = false
	if t.Failed() {
		t.FailNow()
	}
}

// role is the role r's answers give.
func (k *crashKiosk) role(r *respondent) string {
	for _, it := range k.inst.Items() {
		if !it.SetsRole {
			continue
		}
		if v, ok := r.answers[it.ID]; ok {
			o, _ := it.Option(v.Number)
			return o.Value
		}
	}
	return ""
}

// answerTexts are the open answers the test gives (often none).
var answerTexts = []string{"", "", "Prima vragenlijst", "te lang", "Goed dat dit onderzocht wordt"}

// answerFor picks a random valid answer to it: the keys that give it and
// the value they give (empty for no answer).
func answerFor(rng *rand.Rand, it *survey.Item) (string, survey.Value) {
	switch it.Type {
	case survey.Likert:
		n := 1 + rng.IntN(survey.LikertPoints)
		if it.DontKnow && rng.IntN(survey.LikertPoints+1) == 0 {
			return "0", survey.DontKnowValue()
		}
		return strconv.Itoa(n), survey.Num(n)
	case survey.SingleChoice:
		i := rng.IntN(min(9, len(it.Options)))
		return strconv.Itoa(i + 1), survey.Num(it.Options[i].Code)
	case survey.MultipleChoice:
		var keys string
		var codes []int
		for i, o := range it.Options[:min(9, len(it.Options))] {
			if rng.IntN(2) == 0 {
				keys += strconv.Itoa(i + 1)
				codes = append(codes, o.Code)
			}
		}
		if len(codes) == 0 {
			return "", survey.Value{}
		}
		return keys, survey.ChoicesValue(codes...)
	case survey.Integer, survey.Grade:
		lo, hi, _ := it.Bounds()
		n := lo + rng.IntN(hi-lo+1)
		return strconv.Itoa(n), survey.Num(n)
	case survey.OpenText:
		s := answerTexts[rng.IntN(len(answerTexts))]
		if s == "" {
			return "", survey.Value{}
		}
		return s, survey.TextValue(s)
	}
	return "", survey.Value{}
}

// textStart returns the first words of a question, as many as surely fit
// on the first line of the screen.
func textStart(s string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return ""
	}
	out := words[0]
	for _, w := range words[1:] {
		if len(out)+1+len(w) > 30 {
			break
		}
		out += " " + w
	}
	return out
}

// spacedCode matches a code on the new code screen: "│ K 7 M Q - 4 X A │".
var spacedCode = regexp.MustCompile(`│ ((?:[0-9A-Z] ){4}- (?:[0-9A-Z] ){2}[0-9A-Z]) │`)

// codeOnScreen returns the respondent code the screen shows, or "".
func codeOnScreen(screen string) string {
	m := spacedCode.FindStringSubmatch(screen)
	if m == nil {
		return ""
	}
	code, err := survey.ParseRespondentCode(m[1])
	if err != nil {
		return ""
	}
	return code
}

// TestResearchPagesCrash kills peil while the researcher's pages are open:
// during the first run (which builds the example study), on the study
// page, in the middle of a form, right after saving one, and on the
// trends page. After every kill the database must open, pass SQLite's
// integrity check, keep every workplace the page said it added, and keep
// the round's responses as they were.
func TestResearchPagesCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills peil on a pseudo-terminal")
	}
	seed := *crashSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0x7e5e))
	db := filepath.Join(t.TempDir(), "peil.db")
	args := []string{"--db", db}

	// The first run builds the example study; a kill part-way must leave
	// no half-made database behind.
	// The first kill comes at once, the second after 0 to 2 screens.
	var firstRuns []string
	for _, writes := range []int{0, rng.IntN(3)} {
		p := startPeil(t, peilBinary, args...)
		// Once the study list shows, an idle peil writes nothing more:
		// waiting for further writes then would wait forever.
		p.waitOutput(writes, func(s string) bool { return strings.Contains(s, "Voorbeeldstudie") })
		p.kill()
		if _, err := os.Stat(db); err != nil {
			firstRuns = append(firstRuns, "no database")
			continue
		}
		firstRuns = append(firstRuns, "a whole database")
		researchCheck(t, db, "a kill during the first run", nil, nil, nil)
	}

	var added []string         // workplaces the page confirmed
	never := map[string]bool{} // workplaces typed but never saved
	var counts []survey.SchoolCount
	const kills = 8
	for i := range kills {
		code := fmt.Sprintf("CR%c", 'A'+i)
		p := startPeil(t, peilBinary, args...)
		p.waitText("voorbeeld", "Voorbeeldstudie")
		if counts == nil {
			counts = researchCounts(t, db)
		}
		p.send("\r")
		p.waitText("Metingen", "Werkplaatsen en scholen")
		where := ""
		switch rng.IntN(5) {
		case 0:
			where = "on the study page"
		case 1:
			p.send("t")
			p.waitText("Trends")
			where = "on the trends page"
		default:
			p.send("w")
			p.waitText("Nieuwe werkplaats", "┃ Code")
			p.send(code)
			p.send("\r")
			p.waitText("┃ Naam") // as a person waits for the cursor to move
			p.send("Werkplaats " + code)
			switch rng.IntN(3) {
			case 0:
				never[code] = true
				where = "in the middle of a form"
			case 1:
				p.quiet()
				p.send("\r")
				done := func(s string) bool { return strings.Contains(s, "Werkplaats "+code+" toegevoegd.") }
				p.waitOutput(rng.IntN(3), done)
				if done(p.screen()) {
					added = append(added, code)
				}
				where = "right after saving a form"
			default:
				p.send("\r")
				p.waitText("Werkplaats " + code + " toegevoegd.")
				added = append(added, code)
				where = "after a form was saved"
			}
		}
		p.kill()
		researchCheck(t, db, fmt.Sprintf("kill %d (%s)", i+1, where), added, never, counts)
	}
	t.Logf("%d kills on the research pages; the kills in the first runs left %s; %d workplaces added and kept", kills+2, strings.Join(firstRuns, ", then "), len(added))
}

// researchCheck checks the database after a kill on the research pages:
// it opens, SQLite finds it intact, the workplaces in added are there and
// those in never are not, and the open round's counts are counts.
func researchCheck(t *testing.T, db, when string, added []string, never map[string]bool, counts []survey.SchoolCount) {
	t.Helper()
	ctx := t.Context()
	sqlDB, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var result string
	err = sqlDB.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result)
	sqlDB.Close()
	if err != nil || result != "ok" {
		t.Fatalf("after %s SQLite's integrity check says %q, %v", when, result, err)
	}
	st, err := storage.Open(ctx, db, storage.WithReadOnly())
	if err != nil {
		t.Fatalf("after %s the database does not open: %v", when, err)
	}
	defer st.Close()
	s, err := backend.New(st).FindStudy(ctx, "voorbeeld")
	if err != nil {
		t.Fatalf("after %s: %v", when, err)
	}
	wps, err := st.Workplaces(ctx, s.ID)
	if err != nil {
		t.Fatalf("after %s the workplaces cannot be read: %v", when, err)
	}
	have := map[string]bool{}
	for _, w := range wps {
		have[w.Code] = true
		if never[w.Code] {
			t.Errorf("after %s workplace %s exists; its form was never saved", when, w.Code)
		}
	}
	for _, c := range added {
		if !have[c] {
			t.Errorf("after %s workplace %s is gone; the page said it was added", when, c)
		}
	}
	if counts != nil {
		if got := researchCounts(t, db); !slices.Equal(got, counts) {
			t.Errorf("after %s the responses of Meting 2026 changed:\n got %v\nwant %v", when, got, counts)
		}
	}
}

// researchCounts returns the response counts of the example study's
// Meting 2026.
func researchCounts(t *testing.T, db string) []survey.SchoolCount {
	t.Helper()
	ctx := t.Context()
	st, err := storage.Open(ctx, db, storage.WithReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := backend.New(st).FindStudy(ctx, "voorbeeld")
	if err != nil {
		t.Fatal(err)
	}
	r, ok, err := backend.New(st).FindRound(ctx, s, "Meting 2026")
	if err != nil || !ok {
		t.Fatalf("the example study has no round Meting 2026: %v", err)
	}
	counts, err := st.ResponseCounts(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return counts
}
