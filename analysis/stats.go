package analysis

import "math"

// This file holds the distribution functions the tables need: the
// regularized incomplete beta function, Student's t distribution built on
// it, and the tests and effect sizes. They are written out here rather than
// taken from a library: peil needs four functions, and each is checked
// against SciPy in the tests.

// lbeta returns ln B(a, b).
func lbeta(a, b float64) float64 {
	la, lb := lgamma(a), lgamma(b)
	lab, _ := math.Lgamma(a + b)
	return la + lb - lab
}

// lgammaHalf is ln Γ(1/2) as math.Lgamma computes it: the t distribution
// asks for it in every call.
var lgammaHalf, _ = math.Lgamma(0.5)

// lgamma returns ln |Γ(x)|, exactly as math.Lgamma does.
func lgamma(x float64) float64 {
	if x == 0.5 {
		return lgammaHalf
	}
	l, _ := math.Lgamma(x)
	return l
}

// RegIncBeta returns the regularized incomplete beta function I_x(a, b)
// for a, b > 0 and 0 <= x <= 1, by the continued fraction of Numerical
// Recipes (section 6.4) evaluated with the modified Lentz method.
func RegIncBeta(a, b, x float64) float64 {
	return regIncBeta(a, b, x, 1-x)
}

// regIncBeta takes 1-x as well, so that callers who know it exactly (the
// t distribution does) lose no digits near x = 1.
func regIncBeta(a, b, x, xc float64) float64 {
	switch {
	case math.IsNaN(x) || a <= 0 || b <= 0 || x < 0 || x > 1:
		return math.NaN()
	case x == 0:
		return 0
	case xc == 0:
		return 1
	}
	// The continued fraction converges fast for x < (a+1)/(a+b+2); use
	// the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) otherwise.
	if x > (a+1)/(a+b+2) {
		return 1 - regIncBeta(b, a, xc, x)
	}
	var front float64
	if xc != 1-x { // use the exact complement when given
		front = math.Exp(a*math.Log(x)+b*math.Log(xc)-lbeta(a, b)) / a
	} else {
		front = math.Exp(a*math.Log(x)+b*math.Log1p(-x)-lbeta(a, b)) / a
	}
	return front * betaCF(a, b, x)
}

// betaCF evaluates the continued fraction for the incomplete beta function.
func betaCF(a, b, x float64) float64 {
	const (
		tiny    = 1e-300
		eps     = 1e-16
		maxIter = 10000
	)
	qab, qap, qam := a+b, a+1, a-1
	c := 1.0
	dd := 1 - qab*x/qap
	if math.Abs(dd) < tiny {
		dd = tiny
	}
	dd = 1 / dd
	h := dd
	for m := 1; m <= maxIter; m++ {
		fm := float64(m)
		m2 := 2 * fm
		aa := fm * (b - fm) * x / ((qam + m2) * (a + m2))
		dd = 1 + aa*dd
		if math.Abs(dd) < tiny {
			dd = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		dd = 1 / dd
		h *= dd * c
		aa = -(a + fm) * (qab + fm) * x / ((a + m2) * (qap + m2))
		dd = 1 + aa*dd
		if math.Abs(dd) < tiny {
			dd = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		dd = 1 / dd
		del := dd * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

// TTwoSided returns the two-sided p-value P(|T| >= |t|) of Student's t
// distribution with df degrees of freedom (df > 0, not necessarily whole):
// I_{df/(df+t²)}(df/2, 1/2).
func TTwoSided(t, df float64) float64 {
	if math.IsNaN(t) || math.IsNaN(df) || df <= 0 {
		return math.NaN()
	}
	if math.IsInf(t, 0) {
		return 0
	}
	t2 := t * t
	return regIncBeta(df/2, 0.5, df/(df+t2), t2/(df+t2))
}

// TCDF returns P(T <= t) for Student's t distribution with df degrees of
// freedom.
func TCDF(t, df float64) float64 {
	p := TTwoSided(t, df) / 2
	if t > 0 {
		return 1 - p
	}
	return p
}

// tPDF is the density of Student's t distribution.
func tPDF(t, df float64) float64 {
	return math.Exp(-(df+1)/2*math.Log1p(t*t/df) - 0.5*math.Log(df) - lbeta(df/2, 0.5))
}

// TQuantile returns the t with P(T <= t) = p for Student's t distribution
// with df degrees of freedom (0 < p < 1), by Newton's method on TCDF from
// a bracketing start, to full double precision.
func TQuantile(p, df float64) float64 {
	if math.IsNaN(p) || p <= 0 || p >= 1 || df <= 0 {
		return math.NaN()
	}
	if p == 0.5 {
		return 0
	}
	if p < 0.5 {
		return -TQuantile(1-p, df)
	}
	// Bracket: TCDF(lo) <= p <= TCDF(hi).
	lo, hi := 0.0, 1.0
	for TCDF(hi, df) < p {
		lo, hi = hi, hi*2
		if hi > 1e300 {
			return math.Inf(1)
		}
	}
	t := (lo + hi) / 2
	for range 200 {
		// Work with the upper tail q = 1-p for accuracy.
		f := TTwoSided(t, df)/2 - (1 - p)
		if f == 0 {
			return t
		}
		if f > 0 {
			lo = t
		} else {
			hi = t
		}
		next := t + f/tPDF(t, df)
		if next <= lo || next >= hi {
			next = (lo + hi) / 2
		}
		if math.Abs(next-t) <= 1e-15*math.Abs(t) {
			return next
		}
		t = next
	}
	return t
}

// Welch holds the result of Welch's two-sample t test.
type Welch struct {
	T, DF, P float64
}

// WelchTest compares two means from their summaries (mean, sample SD with
// n-1, n; n >= 2 each): t = (m2-m1)/sqrt(s1²/n1 + s2²/n2), with the
// Welch-Satterthwaite degrees of freedom and a two-sided p-value. T, DF and
// P are NaN when both variances are zero.
func WelchTest(m1, s1 float64, n1 int, m2, s2 float64, n2 int) Welch {
	v1 := s1 * s1 / float64(n1)
	v2 := s2 * s2 / float64(n2)
	se2 := v1 + v2
	if se2 == 0 || n1 < 2 || n2 < 2 {
		return Welch{T: math.NaN(), DF: math.NaN(), P: math.NaN()}
	}
	t := (m2 - m1) / math.Sqrt(se2)
	df := se2 * se2 / (v1*v1/float64(n1-1) + v2*v2/float64(n2-1))
	return Welch{T: t, DF: df, P: TTwoSided(t, df)}
}

// CohensD returns (m2-m1) divided by the pooled standard deviation
// sqrt(((n1-1)s1² + (n2-1)s2²) / (n1+n2-2)); NaN when that is zero.
func CohensD(m1, s1 float64, n1 int, m2, s2 float64, n2 int) float64 {
	if n1+n2 <= 2 {
		return math.NaN()
	}
	sp := math.Sqrt((float64(n1-1)*s1*s1 + float64(n2-1)*s2*s2) / float64(n1+n2-2))
	if sp == 0 {
		return math.NaN()
	}
	return (m2 - m1) / sp
}
