// Package demo creates the example study that a new peil database starts
// with, so that a newcomer sees a meaningful dashboard at once: the
// workplaces of the pilot (WOA, POINT, WOU with their school counts) and the
// Rotterdam knowledge workplace, three yearly rounds (Meting 2024, 2025 and
// 2026) of the culture survey, the teacher-researcher questionnaire and the
// colleague questionnaire, with responses at the sizes of the monitoring
// reports and a modest upward trend that differs by workplace. The latest
// rounds are open, so a kiosk can start at once.
//
// Responses are generated from a model (see model.go) with a seeded random
// source: the same seed gives the same study. Respondents keep their codes
// across rounds (most of them), answers follow the instruments' skip logic
// (survey.Session decides what is shown), some answers are "weet ik niet",
// and some schools are so small that their groups are suppressed.
//
// National generates the size of the national programme (500 schools, 3
// rounds, about 30 staff per school, culture survey only) for benchmarks.
//
// The package knows instruments only through survey types: the caller
// passes them in (instruments.Builtin), so demo imports nothing but survey.
package demo

import (
	"context"
	"fmt"
	"time"

	"peil/survey"
)

// StudyCode is the code of the example study.
const StudyCode = "voorbeeld"

// NationalStudyCode is the code of the national-scale study.
const NationalStudyCode = "voorbeeld-landelijk"

// The ids of the instruments the example study uses. Instruments with
// other ids passed to Generate get rounds and responses too, answered by
// the same model, with the culture survey's sizes.
const (
	CultureSurvey     = "cultuursurvey"
	TeacherResearcher = "leerkracht-onderzoeker"
	Colleague         = "collega"
)

// Scale is the size of a generated study.
type Scale int

// Sizes.
const (
	// Pilot is the example study: four workplaces, 42 schools, about
	// 1,350 responses over three rounds of three instruments.
	Pilot Scale = iota
	// National is the national programme: 25 workplaces of 20 schools,
	// three rounds of the culture survey only, about 30 staff per school
	// (about 45,000 responses and 1.8 million answers).
	National
)

// ParseScale reads a scale name: "pilot" (or "") or "national".
func ParseScale(s string) (Scale, error) {
	switch s {
	case "", "pilot":
		return Pilot, nil
	case "national":
		return National, nil
	}
	return 0, fmt.Errorf("unknown scale %q: use pilot or national", s)
}

// Config chooses what Generate makes.
type Config struct {
	Scale Scale
	// Seed makes the study reproducible: the same seed and instruments
	// give the same workplaces, schools, rounds, codes and answers (only
	// the database's device id differs).
	Seed uint64
	// Progress, when not nil, is told after each batch of responses is
	// stored: how many so far, and how many in all.
	Progress func(done, total int)
}

// DefaultSeed is the seed of the example study a new database gets.
const DefaultSeed = 2024

// Summary says what Generate made.
type Summary struct {
	Study      survey.Study
	Workplaces int
	Schools    int
	Rounds     []survey.Round
	Responses  int
	Answers    int
	Elapsed    time.Duration
}

// ExampleStudy creates the example study (Pilot scale, DefaultSeed) in st
// and returns it. Pass the culture survey and, for a full dashboard, the
// teacher-researcher and colleague questionnaires (instruments.Builtin);
// the culture survey alone gives its three rounds only. It is meant for a
// new, empty database; a database that already has the example study gets
// a survey.ECONFLICT error and is left as it was.
func ExampleStudy(ctx context.Context, st survey.Store, insts ...*survey.Instrument) (survey.Study, error) {
	sum, err := Generate(ctx, st, Config{Scale: Pilot, Seed: DefaultSeed}, insts...)
	if err != nil {
		return survey.Study{}, err
	}
	return sum.Study, nil
}

// Generate creates a demo study of the configured scale in st, with three
// rounds of every instrument given (at National scale, of the culture
// survey only), and stores its responses in batches with
// st.ImportResponses. A study with the same code already in st is a
// survey.ECONFLICT error.
func Generate(ctx context.Context, st survey.Store, cfg Config, insts ...*survey.Instrument) (Summary, error) {
	start := time.Now()
	if len(insts) == 0 {
		return Summary{}, fmt.Errorf("generating a demo study: no instruments given; pass at least the culture survey")
	}
	for _, in := range insts {
		if in == nil {
			return Summary{}, fmt.Errorf("generating a demo study: an instrument is missing (nil)")
		}
	}
	if cfg.Scale == National {
		var culture []*survey.Instrument
		for _, in := range insts {
			if in.ID == CultureSurvey {
				culture = append(culture, in)
			}
		}
		if len(culture) == 0 {
			return Summary{}, fmt.Errorf("generating the national study: it needs the culture survey (%s)", CultureSurvey)
		}
		insts = culture[:1]
	}
	g := newGenerator(cfg)
	sum, err := g.run(ctx, st, insts)
	if err != nil {
		return Summary{}, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}
