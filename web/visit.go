package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"sync/atomic"
	"time"

	"peil/survey"
)

// phase is the page a visit is on, besides the questions and the review
// (which the survey.Session knows).
type phase int

const (
	phaseWelcome phase = iota
	phaseCode
	phaseNewCode
	phaseSurvey // a question or the review, as the session says
	phaseThanks
	phaseDone // the code's response was already complete
)

// visit is one browser's time with one link: what the respondent did so
// far. It lives in the handler's memory under a random id that the
// browser keeps in a cookie; nothing else is stored in the browser.
type visit struct {
	mu    sync.Mutex
	id    string
	csrf  string
	token string // the link token this visit belongs to
	link  Link

	lang  survey.Lang
	phase phase
	// newCode is the code offered on the new-code page; code is the code
	// of the response being answered (and shown on the thank-you page).
	newCode string
	code    string
	school  string // the school's name
	inst    *survey.Instrument
	resp    survey.Response
	sess    *survey.Session
	// fromReview: the question was opened from the review page, so Next
	// returns there.
	fromReview bool
	// flash is a message to show once on the next page.
	flash survey.Text

	lastSeen atomic.Int64 // unix nanoseconds
}

// dropResponse forgets the response (the lease went to another device, or
// the respondent finished): the visit shows no answer any more.
func (v *visit) dropResponse() {
	v.resp = survey.Response{}
	v.sess = nil
	v.fromReview = false
}

// visits holds the visits in memory, at most max of them; the ones idle
// longer than idle are forgotten first.
type visits struct {
	mu   sync.Mutex
	m    map[string]*visit
	max  int
	idle time.Duration
}

func newVisits(max int, idle time.Duration) *visits {
	return &visits{m: map[string]*visit{}, max: max, idle: idle}
}

func (vs *visits) get(id string) *visit {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	return vs.m[id]
}

// add stores a new visit, forgetting idle ones (and, when still full, the
// longest idle) to stay within max. It returns the ids forgotten.
func (vs *visits) add(v *visit, now time.Time) []string {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	var gone []string
	if len(vs.m) >= vs.max {
		oldestID, oldest := "", int64(0)
		for id, o := range vs.m {
			seen := o.lastSeen.Load()
			if now.Sub(time.Unix(0, seen)) > vs.idle {
				delete(vs.m, id)
				gone = append(gone, id)
				continue
			}
			if oldestID == "" || seen < oldest {
				oldestID, oldest = id, seen
			}
		}
		if len(vs.m) >= vs.max && oldestID != "" {
			delete(vs.m, oldestID)
			gone = append(gone, oldestID)
		}
	}
	vs.m[v.id] = v
	return gone
}

// leases gives each response to one visit at a time: the visit that gave
// the response's code last. It is this handler's quick view (and the count
// of people answering); the store's lease (survey.ResponseLeaser, renewed
// with every write) is what keeps a kiosk or another server out.
type leases struct {
	mu     sync.Mutex
	holder map[string]string // response id -> visit id
	seen   map[string]int64  // response id -> last activity (unix ns)
}

func newLeases() *leases {
	return &leases{holder: map[string]string{}, seen: map[string]int64{}}
}

// take gives the response to the visit, taking it from any other.
func (l *leases) take(responseID, visitID string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.holder[responseID] = visitID
	l.seen[responseID] = now.UnixNano()
}

// holds reports whether the visit holds the response, and notes activity.
func (l *leases) holds(responseID, visitID string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder[responseID] != visitID {
		return false
	}
	l.seen[responseID] = now.UnixNano()
	return true
}

// release ends the visit's lease on the response, if it holds it.
func (l *leases) release(responseID, visitID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder[responseID] == visitID {
		delete(l.holder, responseID)
		delete(l.seen, responseID)
	}
}

// releaseVisits ends every lease of the given visits.
func (l *leases) releaseVisits(ids []string) {
	if len(ids) == 0 {
		return
	}
	gone := map[string]bool{}
	for _, id := range ids {
		gone[id] = true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for r, v := range l.holder {
		if gone[v] {
			delete(l.holder, r)
			delete(l.seen, r)
		}
	}
}

// active counts the leases with activity since the given time.
func (l *leases) active(since time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.seen {
		if s >= since.UnixNano() {
			n++
		}
	}
	return n
}

// randomID returns 256 random bits, base64url.
func randomID() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
