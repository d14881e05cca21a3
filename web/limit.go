package web

import (
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key (a client address, a
// link), for the attempts at a respondent code. A key may try burst times
// at once and then once every 1/rate seconds. It keeps at most max keys:
// when full it forgets the keys whose bucket has filled up again (they are
// as good as new); if none has, a new key is refused, so an attacker with
// many addresses cannot make it grow.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	rate    float64 // tokens per second
	burst   float64
	max     int
}

type bucket struct {
	tokens float64
	at     time.Time
}

func newLimiter(burst int, every time.Duration, max int) *limiter {
	return &limiter{buckets: map[string]*bucket{}, rate: 1 / every.Seconds(), burst: float64(burst), max: max}
}

// level returns the key's bucket brought up to now (nil when the map is
// full and it has none). The caller holds mu.
func (l *limiter) level(key string, now time.Time) *bucket {
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			for k, o := range l.buckets {
				if o.tokens+now.Sub(o.at).Seconds()*l.rate >= l.burst {
					delete(l.buckets, k)
				}
			}
			if len(l.buckets) >= l.max {
				return nil
			}
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	return b
}

// allowAll takes one token from each key's bucket when every one has a
// token, and reports whether it did.
func allowAll(now time.Time, checks ...limitCheck) bool {
	// Lock in a fixed order (the order given); callers always pass the
	// address limiter first.
	for _, c := range checks {
		c.l.mu.Lock()
		defer c.l.mu.Unlock()
	}
	bs := make([]*bucket, len(checks))
	for i, c := range checks {
		bs[i] = c.l.level(c.key, now)
		if bs[i] == nil || bs[i].tokens < 1 {
			return false
		}
	}
	for _, b := range bs {
		b.tokens--
	}
	return true
}

type limitCheck struct {
	l   *limiter
	key string
}
