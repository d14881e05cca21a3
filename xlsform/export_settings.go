package xlsform

import (
	"strings"

	"peil/survey"
)

func (ex *exporter) settingsRows() [][]any {
	in := ex.in
	main, other := survey.Dutch, survey.English
	if in.MainLanguage() == survey.English {
		main, other = survey.English, survey.Dutch
	}
	header := []any{"form_id", "form_title", "version", "default_language"}
	row := []any{in.ID, in.Title[main], in.Version, langName(main)}
	add := func(h string, v any) {
		header = append(header, h)
		row = append(row, v)
	}
	if v := in.Title[other]; v != "" {
		add("peil_title::"+langName(other), v)
	}
	if v := in.Description[survey.Dutch]; v != "" {
		add("peil_description"+colNL, v)
	}
	if v := in.Description[survey.English]; v != "" {
		add("peil_description"+colEN, v)
	}
	if len(in.Audience) > 0 {
		add("peil_audience", strings.Join(in.Audience, " "))
	}
	if ex.dupNames {
		add("allow_choice_duplicates", "yes")
	}
	return [][]any{header, row}
}

func (ex *exporter) scaleRows() [][]any {
	out := [][]any{{"name", "label" + colNL, "label" + colEN, "min_answered"}}
	for _, s := range ex.in.Scales {
		var share any
		if s.MinAnswered != 0 {
			share = s.MinAnswered
		}
		out = append(out, []any{s.ID, s.Name[survey.Dutch], orNil(s.Name[survey.English]), share})
	}
	return out
}
