package analysis

import "peil/survey"

// ReportRounds applies the open-round rule to the rounds of a report that
// leaves the machine (a file for a school board), in their order. It
// returns the rounds the report shows, and the names of the open rounds
// among rounds: left out, unless includeOpen, when they are shown and the
// report must say they are provisional.
//
// The rule exists because suppressing small groups protects one report,
// not two. The figures of an open round change with every respondent who
// finishes: a report written before and one written after a single
// respondent finished differ by exactly that person's answers (n goes up
// by one and each option's share moves by 1/n towards the option chosen),
// however large the group. A closed round takes no more answers, so its
// figures are written once and stay. The rule is stateless and the same
// for every split; its cost is that an interim report needs asking for.
// See docs/analysis.md ("Open rounds").
func ReportRounds(rounds []survey.Round, includeOpen bool) (shown []survey.Round, open []string) {
	for _, r := range rounds {
		if r.Open {
			open = append(open, r.Name)
			if !includeOpen {
				continue
			}
		}
		shown = append(shown, r)
	}
	return shown, open
}
