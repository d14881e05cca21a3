// Package demo creates the example study that a new peil database starts
// with, so a newcomer has something to look at and can start a kiosk at
// once: the workplaces of the pilot (WOA, POINT, WOU) and the Rotterdam
// knowledge workplace, a few schools each, and an open round of the culture
// survey.
package demo

import (
	"context"
	"fmt"

	"peil/survey"
)

// StudyCode is the code of the example study.
const StudyCode = "voorbeeld"

type workplace struct {
	code, name string
	schools    []string
}

var workplaces = []workplace{
	{"WOA", "Werkplaats Onderwijsonderzoek Amsterdam", []string{
		"De Regenboog", "Het Mozaïek", "Basisschool De Springplank", "IKC Oostpoort"}},
	{"POINT", "Passend Onderwijs voor Ieder Nieuw Talent (Tilburg)", []string{
		"De Vlindertuin", "Basisschool Het Talent", "De Ontdekking"}},
	{"WOU", "Werkplaats Onderwijsonderzoek Utrecht", []string{
		"De Wereldboom", "Jenaplanschool De Linde", "Basisschool Overvecht", "Het Kompas"}},
	{"KWP", "Kenniswerkplaats Rotterdams Talent", []string{
		"De Maasbrug", "Basisschool Kralingen", "Het Noorderlicht"}},
}

// ExampleStudy creates the example study in st with an open round of inst
// (the culture survey) and returns it. It is meant for a new, empty
// database; a database that already has the example study gets an
// ECONFLICT error from the store and is left as it was.
func ExampleStudy(ctx context.Context, st survey.Store, inst *survey.Instrument) (survey.Study, error) {
	study, err := st.CreateStudy(ctx, survey.Study{
		Code:         StudyCode,
		Title:        "Voorbeeldstudie werkplaatsen onderwijsonderzoek",
		MinGroupSize: survey.DefaultMinGroupSize,
	})
	if err != nil {
		return survey.Study{}, fmt.Errorf("creating the example study: %w", err)
	}
	for _, w := range workplaces {
		wp, err := st.CreateWorkplace(ctx, survey.Workplace{StudyID: study.ID, Code: w.code, Name: w.name})
		if err != nil {
			return survey.Study{}, fmt.Errorf("creating workplace %s: %w", w.code, err)
		}
		for i, name := range w.schools {
			if _, err := st.CreateSchool(ctx, survey.School{
				WorkplaceID: wp.ID,
				Code:        fmt.Sprintf("%s-%02d", w.code, i+1),
				Name:        name,
			}); err != nil {
				return survey.Study{}, fmt.Errorf("creating school %s of %s: %w", name, w.code, err)
			}
		}
	}
	if err := st.SaveInstrument(ctx, inst); err != nil {
		return survey.Study{}, fmt.Errorf("saving instrument %s: %w", inst.Key(), err)
	}
	if _, err := st.CreateRound(ctx, survey.Round{
		StudyID:           study.ID,
		Name:              "Meting 2026",
		InstrumentID:      inst.ID,
		InstrumentVersion: inst.Version,
		Open:              true,
	}); err != nil {
		return survey.Study{}, fmt.Errorf("creating the example round: %w", err)
	}
	return study, nil
}
